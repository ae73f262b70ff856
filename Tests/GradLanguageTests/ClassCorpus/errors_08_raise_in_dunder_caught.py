class Safe:
    def __init__(self, v):
        self.v = v

    def __truediv__(self, other):
        if other.v == 0:
            raise ValueError("refusing to divide by zero")
        return Safe(self.v / other.v)

    def __getitem__(self, i):
        raise IndexError(f"Safe has no item {i}")


try:
    Safe(1) / Safe(0)
except ValueError as e:
    print("ValueError:", e)
print((Safe(9) / Safe(2)).v)
try:
    Safe(1)[5]
except IndexError as e:
    print("IndexError:", e)
try:
    a, b = Safe(1)
except ValueError as e:
    print("ValueError:", e)
