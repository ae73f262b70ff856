class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))


pts = {Point(1, 2), Point(1, 2), Point(3, 4)}
print(len(pts))
print(Point(1, 2) in pts, Point(2, 1) in pts)
pts.add(Point(3, 4))
print(len(pts))
pts.discard(Point(1, 2))
print(len(pts), Point(1, 2) in pts)
