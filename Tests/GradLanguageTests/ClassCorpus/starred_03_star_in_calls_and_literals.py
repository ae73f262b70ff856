class Point:
    def __init__(self, x, y, z=0):
        self.x, self.y, self.z = x, y, z

    def __iter__(self):
        return iter((self.x, self.y, self.z))

    def __repr__(self):
        return f"Point({self.x}, {self.y}, {self.z})"


coords = [1, 2]
p = Point(*coords)
print(p)
print(Point(*p))
print([*p, *coords])
print((*p,))
head, *tail = Point(7, 8, 9)
print(Point(*tail, head))
