class Shape:
    sides = 0

    def __init__(self, size):
        self.size = size

    def perimeter(self):
        return self.sides * self.size

    def __repr__(self):
        return f"{type(self).__name__}(size={self.size})"


class Triangle(Shape):
    sides = 3


class Square(Shape):
    sides = 4

    def area(self):
        return self.size ** 2


shapes = [Triangle(2), Square(3), Shape(5)]
for s in shapes:
    print(s, s.sides, s.perimeter())
print(Square(4).area())
print(Square.sides, Shape.sides)
