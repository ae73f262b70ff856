def make_adder(n):
    def add(x):
        return x + n
    return add


class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x):
        return x + self.n


f = make_adder(5)
g = Adder(5)
print(f(1), g(1))
g.n = 100
print(f(1), g(1))
pipeline = [Adder(1), make_adder(10), Adder(100)]
x = 0
for step in pipeline:
    x = step(x)
print(x)
