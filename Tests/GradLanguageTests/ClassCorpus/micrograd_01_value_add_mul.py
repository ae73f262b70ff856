class Value:
    def __init__(self, data, _children=(), _op=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        out = Value(self.data + other.data, (self, other), "+")
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other), "*")
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()

a, b, c = Value(2.0), Value(-3.0), Value(10.0)
e = a * b
d = e + c
f = Value(-2.0)
L = d * f
L.backward()
for name, v in [("a", a), ("b", b), ("c", c), ("d", d), ("e", e), ("f", f), ("L", L)]:
    print(name, v.data, v.grad)
print(L._op, d._op, len(L._prev), len(a._prev))
