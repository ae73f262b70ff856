class Tree:
    def __init__(self, value, *children):
        self.value = value
        self.children = children

    def __iter__(self):
        yield self.value
        for child in self.children:
            yield from child


t = Tree(1, Tree(2, Tree(3)), Tree(4, Tree(5), Tree(6)))
print(list(t))
print(sum(t), max(t), 5 in t, 9 in t)
for v in t:
    if v > 3:
        print("first above 3:", v)
        break
