class Row:
    def __init__(self, *cells):
        self.cells = list(cells)

    def __iter__(self):
        return iter(self.cells)


first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
a, *mid, z = Row("h", 1, 2, 3, "t")
print(a, mid, z)
x, *empty, y = (10, 20)
print(x, empty, y)
