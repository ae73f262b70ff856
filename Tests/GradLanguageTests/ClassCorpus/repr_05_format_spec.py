class Money:
    def __init__(self, amount):
        self.amount = amount

    def __str__(self):
        return f"${self.amount:.2f}"

    def __repr__(self):
        return f"Money({self.amount})"


m = Money(1234.5)
print(f"{m}")
print(f"{str(m):>12}|")
print(f"{m!r:<16}|")
print(f"{m.amount:,.1f}")
print("{} and {!r}".format(m, m))
print(f"{str(m)!r}")
