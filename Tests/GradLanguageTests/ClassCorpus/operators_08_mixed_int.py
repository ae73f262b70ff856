class Meters:
    def __init__(self, m):
        self.m = m

    def __add__(self, other):
        if isinstance(other, Meters):
            return Meters(self.m + other.m)
        return Meters(self.m + other)

    def __mul__(self, k):
        return Meters(self.m * k)

    def __repr__(self):
        return f"{self.m}m"


x = Meters(5)
print(x + Meters(2))
print(x + 10)
print(x + 2.5)
print(x * 4 + 1)
total = Meters(0)
for step in [1, 2, 3]:
    total = total + step
print(total)
