class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + other.cents)

    def __repr__(self):
        return f"Money({self.cents})"


a = Money(150)
b = Money(275)
c = a + b
print(c)
print(c.cents)
print(a + b + c)
print(a.cents, b.cents)
