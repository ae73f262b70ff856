class Plain:
    pass


class Valued:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, Valued) and self.v == other.v


p, q = Plain(), Plain()
print(p == p, p == q, p != q)
print(Valued(1) == Valued(1), Valued(1) != Valued(1), Valued(1) == Valued(2))
print(Valued(1) == 1, 1 == Valued(1))
print(Valued(3) in [Valued(1), Valued(3)])
print([Valued(2)].index(Valued(2)), [Valued(2), Valued(2)].count(Valued(2)))
print(p in [q], p in [q, p])
