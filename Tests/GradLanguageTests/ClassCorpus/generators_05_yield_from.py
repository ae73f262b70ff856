def inner(tag):
    yield tag + "1"
    yield tag + "2"
    return tag.upper()


def outer():
    r = yield from inner("a")
    print("inner returned", r)
    yield from ["x", "y"]
    yield from range(2)
    r = yield from inner("b")
    yield r


print(list(outer()))
