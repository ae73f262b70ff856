def naturals():
    n = 0
    while True:
        yield n
        n += 1


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


for n in naturals():
    if n * n > 50:
        break
    print(n, end=" ")
print()
out = []
for f in fib():
    if f > 100:
        break
    out.append(f)
print(out)
g = naturals()
print([next(g) for _ in range(5)], next(g))
