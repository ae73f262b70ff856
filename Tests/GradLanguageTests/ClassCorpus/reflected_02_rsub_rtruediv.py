class Frac:
    def __init__(self, n, d=1):
        self.n = n
        self.d = d

    def __rsub__(self, other):
        return Frac(other * self.d - self.n, self.d)

    def __rtruediv__(self, other):
        return Frac(other * self.d, self.n)

    def __repr__(self):
        return f"{self.n}/{self.d}"


half = Frac(1, 2)
print(1 - half)
print(3 - Frac(2, 5))
print(1 / half)
print(2 / Frac(3, 7))
