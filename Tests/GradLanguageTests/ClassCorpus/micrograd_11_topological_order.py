class Value:
    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __add__(self, other):
        return Value(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return Value(self.data * other.data, (self, other), "*")

def topological(root):
    order, seen = [], set()
    def visit(v):
        if v in seen:
            return
        seen.add(v)
        for child in v._prev:
            visit(child)
        order.append(v)
    visit(root)
    return order

a = Value(2.0, label="a")
b = Value(-3.0, label="b")
c = Value(10.0, label="c")
e = a * b
e.label = "e"
d = e + c
d.label = "d"
f = Value(-2.0, label="f")
L = d * f
L.label = "L"
for v in topological(L):
    print(f"{v.label:>2} {v._op or 'leaf':>4} {v.data}")
shared = a * a
shared.label = "a2"
print([v.label for v in topological(shared + a)])
