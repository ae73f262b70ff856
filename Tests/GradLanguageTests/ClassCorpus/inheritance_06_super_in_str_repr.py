class Item:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"Item({self.name!r})"


class Priced(Item):
    def __init__(self, name, price):
        super().__init__(name)
        self.price = price

    def __str__(self):
        return super().__str__() + f" (${self.price})"


p = Priced("tea", 3)
print(p)
print(repr(p))
print([p, Item("cup")])
print(f"{p} / {p!r}")
