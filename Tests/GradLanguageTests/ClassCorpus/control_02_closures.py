def make_counter(start=0):
    count = [start]

    def bump(by=1):
        count[0] += by
        return count[0]
    return bump


def compose(*fns):
    def run(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return run


a = make_counter()
b = make_counter(100)
print(a(), a(), b(), a(5), b(-50))
double_then_inc = compose(lambda x: x + 1, lambda x: x * 2)
print(double_then_inc(5), compose()(7))
adders = [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders])
late = [lambda x: x + k for k in range(3)]
print([f(10) for f in late])
