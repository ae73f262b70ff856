def counter(start):
    while True:
        start += 1
        yield start


a = counter(0)
b = counter(100)
print(next(a), next(a), next(b), next(a), next(b))
c = counter(0)
print([(next(c), letter) for letter in "abc"])
g = counter(10)
first = next(g)
rest = [next(g) for _ in range(3)]
print(first, rest)
