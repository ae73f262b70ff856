calls = {}


def counted(fn):
    calls[fn.__name__] = 0

    def wrapper(*args, **kwargs):
        calls[fn.__name__] += 1
        return fn(*args, **kwargs)
    return wrapper


@counted
def square(x):
    return x * x


@counted
def cube(x):
    return x ** 3


print(square(3), square(4), square(x=5), cube(2))
print(calls)
