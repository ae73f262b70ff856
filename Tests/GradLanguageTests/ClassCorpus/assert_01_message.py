class Stack:
    def __init__(self):
        self.items = []

    def pop(self):
        assert self.items, "pop from empty stack"
        return self.items.pop()


s = Stack()
s.items.append(1)
print(s.pop())
try:
    s.pop()
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert 1 + 1 == 3
except AssertionError as e:
    print("bare assertion", repr(e), e.args)
assert True, "never shown"
print("done")
