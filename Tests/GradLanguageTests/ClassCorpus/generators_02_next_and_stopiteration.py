def two():
    yield "a"
    yield "b"


g = two()
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
print(next(g, "default"))
print(list(two()), list(g))
