class Num:
    def __init__(self, v):
        self.v = v

    def __truediv__(self, other):
        return Num(self.v / other.v)

    def __floordiv__(self, other):
        return Num(self.v // other.v)

    def __mod__(self, other):
        return Num(self.v % other.v)

    def __repr__(self):
        return f"Num({self.v!r})"


a, b = Num(17), Num(5)
print(a / b)
print(a // b)
print(a % b)
print(Num(-17) // b, Num(-17) % b)
try:
    print(a / Num(0))
except ZeroDivisionError as e:
    print("caught:", e)
