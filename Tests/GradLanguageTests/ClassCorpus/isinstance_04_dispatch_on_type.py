class Circle:
    def __init__(self, r):
        self.r = r


class Rect:
    def __init__(self, w, h):
        self.w, self.h = w, h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)


def area(shape):
    if isinstance(shape, Circle):
        return round(3.14159 * shape.r ** 2, 2)
    if isinstance(shape, Square):
        return f"square {shape.w * shape.w}"
    if isinstance(shape, Rect):
        return shape.w * shape.h
    return None


for s in [Circle(1), Rect(2, 3), Square(4), "nope"]:
    print(area(s))
