class Stack:
    def __init__(self):
        self.items = []

    def push(self, x):
        self.items.append(x)
        return self

    def pop(self):
        return self.items.pop()

    def __len__(self):
        return len(self.items)


class Switch:
    def __init__(self, on):
        self.on = on

    def __bool__(self):
        return self.on


s = Stack()
print(bool(s), "empty" if not s else "full")
s.push(1).push(2)
print(bool(s), len(s))
while s:
    print("popped", s.pop())
print(bool(Switch(True)), bool(Switch(False)))
print(len([x for x in [Switch(True), Switch(False), Switch(True)] if x]))
print(Switch(False) or "fallback")
