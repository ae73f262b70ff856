class Vec:
    def __init__(self, *xs):
        self.xs = xs

    def __mul__(self, k):
        return Vec(*[x * k for x in self.xs])

    def __rmul__(self, k):
        print("rmul with", k)
        return self * k

    def __repr__(self):
        return "Vec" + repr(self.xs)


v = Vec(1, 2, 3)
print(v * 2)
print(2 * v)
print(0.5 * v)
print(-1 * (3 * v))
