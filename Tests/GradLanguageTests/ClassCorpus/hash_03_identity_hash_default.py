class Node:
    def __init__(self, label):
        self.label = label


a, b = Node("a"), Node("a")
seen = {a}
print(a in seen, b in seen)
seen.add(b)
seen.add(a)
print(len(seen))
lookup = {a: "first", b: "second"}
print(lookup[a], lookup[b])
print(hash(a) == hash(a))
