class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __add__(self, other):
        return self.items + other.items

    def __sub__(self, other):
        return len(self.items) - len(other.items)

    def __mul__(self, n):
        return tuple(self.items) * n


a = Bag(1, 2)
b = Bag("x")
print(a + b)
print(a - b)
print(b * 3)
print(type(a + b).__name__, type(a - b).__name__, type(b * 2).__name__)
