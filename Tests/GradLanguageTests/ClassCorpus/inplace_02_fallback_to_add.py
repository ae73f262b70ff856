class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        print("__add__")
        return Pt(self.x + other.x, self.y + other.y)

    def __repr__(self):
        return f"Pt({self.x}, {self.y})"


p = Pt(1, 2)
q = p
p += Pt(10, 20)
print(p, q)
print(p is q)
