class Vec:
    def __init__(self, xs):
        self.xs = xs

    def __add__(self, other):
        return Vec([a + b for a, b in zip(self.xs, other.xs)])

    def __repr__(self):
        return f"Vec({self.xs})"


def total(vectors):
    acc = vectors[0]
    for v in vectors[1:]:
        acc = acc + v
    return acc


print(total([Vec([1, 2]), Vec([3, 4])]))
print(total([Vec([1, 2]), 5]))
