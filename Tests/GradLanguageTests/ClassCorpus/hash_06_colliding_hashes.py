class Tag:
    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        return isinstance(other, Tag) and self.name == other.name

    def __hash__(self):
        return len(self.name)


a = Tag("red")
b = Tag("blue")
c = Tag("tan")
s = {a, b, c}
print(len(s), Tag("red") in s, Tag("tan") in s, Tag("pink") in s)
print(a == Tag("red"), a == c, a != c)
print(sorted(t.name for t in s))
