class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


for args in [(1,), (1, 2, 3), ()]:
    try:
        Point(*args)
    except TypeError as e:
        print("TypeError:", e)
p = Point(1, 2)
print(p.x, p.y)
