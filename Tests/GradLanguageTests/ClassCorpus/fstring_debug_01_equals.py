class P:
    def __init__(self, x):
        self.x = x

    def __repr__(self):
        return f"P({self.x})"

    def __str__(self):
        return f"p{self.x}"


x = 5
name = "ada"
p = P(3)
print(f"{x=}")
print(f"{name=}")
print(f"{p=}")
print(f"{p.x=}, {x * 2=}")
print(f"{x = }")
print(f"{p=!s}")
print(f"{3.14159=:.2f}")
