class Scale:
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, x):
        return x * self.factor


double = Scale(2)
print(list(map(double, [1, 2, 3])))
print(sorted([3, -1, 2], key=Scale(-1)))
print([Scale(k)(10) for k in range(4)])
funcs = [Scale(3), abs, lambda v: v + 1]
print([f(-4) for f in funcs])
