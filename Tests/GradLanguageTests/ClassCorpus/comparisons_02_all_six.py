class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __le__(self, other):
        return self.parts <= other.parts

    def __gt__(self, other):
        return self.parts > other.parts

    def __ge__(self, other):
        return self.parts >= other.parts

    def __repr__(self):
        return "v" + ".".join(str(p) for p in self.parts)


a, b = Version("1.10.0"), Version("1.9.3")
print(a == b, a != b, a < b, a <= b, a > b, a >= b)
print(Version("2.0") == Version("2.0"), Version("2.0") != Version("2.0"))
print(sorted([Version("0.1"), a, b, Version("1.9")]))
print(Version("1.0") <= Version("1.0") < Version("1.0.1"))
