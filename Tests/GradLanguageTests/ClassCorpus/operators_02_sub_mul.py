class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)


u = Vec(3, 4)
v = Vec(1, -2)
print(u - v)
print(u * 3)
print((u - v) * 0.5)
print(v * -1 - u)
