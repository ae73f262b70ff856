def chunks(xs, size):
    for i in range(0, len(xs), size):
        yield xs[i:i + size]


for chunk in chunks([1, 2, 3, 4, 5, 6, 7], 3):
    print(chunk)
print(list(chunks("abcdefg", 2)))
print(len(list(chunks([], 4))))
a, b = chunks([1, 2, 3, 4], 2)
print(a, b)
