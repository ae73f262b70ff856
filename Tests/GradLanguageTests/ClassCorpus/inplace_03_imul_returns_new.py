class Grid:
    def __init__(self, cells):
        self.cells = cells

    def __imul__(self, k):
        return Grid([c * k for c in self.cells])

    def __isub__(self, k):
        self.cells = [c - k for c in self.cells]
        return self


g = Grid([1, 2, 3])
h = g
g *= 3
print(g.cells, h.cells, g is h)
g -= 1
print(g.cells)
h -= 1
print(h.cells)
