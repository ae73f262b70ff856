handlers = {}


def register(fn):
    handlers[fn.__name__] = fn
    return fn


def logged(method):
    def wrapper(self, *args):
        print(f"call {method.__name__}{args}")
        return method(self, *args)
    return wrapper


@register
def add(a, b):
    return a + b


@register
def neg(a):
    return -a


class Calc:
    def __init__(self):
        self.total = 0

    @logged
    def bump(self, n):
        self.total += n
        return self.total


print(sorted(handlers))
print(handlers["add"](2, 3), handlers["neg"](4), add(1, 1))
c = Calc()
c.bump(5)
print(c.bump(7))
