def summing(xs):
    total = 0
    for x in xs:
        yield x
        total += x
    return total


g = summing([1, 2, 3])
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration as stop:
    print("returned", stop.value)
h = summing([])
try:
    next(h)
except StopIteration as stop:
    print("empty returned", stop.value)
