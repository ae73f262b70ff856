class Key:
    def __init__(self, name):
        self.name = name

    def __eq__(self, other):
        return isinstance(other, Key) and self.name.lower() == other.name.lower()

    def __hash__(self):
        return hash(self.name.lower())

    def __repr__(self):
        return f"Key({self.name!r})"


table = {}
table[Key("Alpha")] = 1
table[Key("ALPHA")] = 2
table[Key("beta")] = 3
print(table)
print(table[Key("alpha")], table.get(Key("Gamma"), "missing"))
print(Key("BETA") in table)
for k, v in table.items():
    print(k, v)
