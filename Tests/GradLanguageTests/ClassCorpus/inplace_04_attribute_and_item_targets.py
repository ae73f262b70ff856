class Cell:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Cell(self.v + other)

    def __repr__(self):
        return f"Cell({self.v})"


class Box:
    def __init__(self):
        self.cell = Cell(0)


box = Box()
box.cell += 5
box.cell += 2
print(box.cell)
cells = [Cell(1), Cell(2)]
cells[1] += 40
print(cells)
d = {"k": Cell(7)}
d["k"] += 1
print(d)
