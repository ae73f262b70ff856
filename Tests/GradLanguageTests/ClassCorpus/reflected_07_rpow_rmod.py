class Exp:
    def __init__(self, e):
        self.e = e

    def __rpow__(self, base):
        return base ** self.e

    def __rmod__(self, other):
        return f"{other} mod {self.e}"

    def __rfloordiv__(self, other):
        return other // self.e


print(2 ** Exp(10))
print(3.0 ** Exp(2))
print(17 % Exp(4))
print(100 // Exp(7))
