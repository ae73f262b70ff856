class Color:
    def __init__(self, r, g, b):
        self.r, self.g, self.b = r, g, b

    @classmethod
    def from_hex(cls, text):
        digits = "0123456789abcdef"
        if text.startswith("#"):
            text = text[1:]
        parts = [text[i:i + 2] for i in range(0, 6, 2)]
        return cls(*[16 * digits.index(p[0]) + digits.index(p[1]) for p in parts])

    @classmethod
    def black(cls):
        return cls(0, 0, 0)

    def __repr__(self):
        return f"{type(self).__name__}({self.r}, {self.g}, {self.b})"


class Shade(Color):
    pass


print(Color.from_hex("#ff8000"))
print(Color.black())
print(Shade.from_hex("102030"))
print(Shade.black(), Color(1, 2, 3).black())
