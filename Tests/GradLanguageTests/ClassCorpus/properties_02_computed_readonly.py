class Rect:
    def __init__(self, w, h):
        self.w = w
        self.h = h

    @property
    def area(self):
        return self.w * self.h

    @property
    def shape(self):
        return "square" if self.w == self.h else "oblong"


r = Rect(3, 4)
print(r.area, r.shape)
r.w = 4
print(r.area, r.shape)
try:
    r.area = 10
except AttributeError as e:
    print("AttributeError")
print(r.area)
