class Acc:
    def __init__(self):
        self.items = []

    def __iadd__(self, item):
        print("__iadd__", item)
        self.items.append(item)
        return self


a = Acc()
b = a
a += 1
a += "two"
print(a.items)
print(a is b)
