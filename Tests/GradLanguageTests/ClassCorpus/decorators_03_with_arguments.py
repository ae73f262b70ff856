def repeat(times):
    def decorate(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]
        return wrapper
    return decorate


@repeat(3)
def roll(x):
    return x * 2


@repeat(times=2)
def hi():
    return "hi"


print(roll(5))
print(hi())
