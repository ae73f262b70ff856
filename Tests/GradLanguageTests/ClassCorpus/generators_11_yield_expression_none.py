def gen():
    print("gen started")
    x = yield 1
    print("resumed with", x)
    yield 2


g = gen()
print("before")
print(next(g))
print("between")
print(next(g))
print("after")
print(next(g, "end"))
