def area(w, h=None):
    if h is None:
        h = w
    return w * h


def describe(name, *values, sep=", ", **extra):
    text = name + ": " + sep.join(str(v) for v in values)
    for key in sorted(extra):
        text += f" [{key}={extra[key]}]"
    return text


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(area(3), area(3, 4), area(h=2, w=5))
print(describe("nums", 1, 2, 3))
print(describe("pair", "a", "b", sep="-", colour="red", size=2))
print([fact(k) for k in range(8)])
print(fact(20))
