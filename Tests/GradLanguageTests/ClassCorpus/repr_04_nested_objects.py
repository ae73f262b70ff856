class Leaf:
    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return f"Leaf({self.v})"


class Tree:
    def __init__(self, *kids):
        self.kids = list(kids)

    def __repr__(self):
        return f"Tree({', '.join(repr(k) for k in self.kids)})"

    def __str__(self):
        return "Tree of " + str(len(self.kids))


t = Tree(Leaf(1), Tree(Leaf(2), Leaf(3)), Leaf(4))
print(repr(t))
print(t)
print([t])
print(t.kids[1])
