class Value:
    def __init__(self, data, _children=()):
        self.data, self.grad, self._backward, self._prev = data, 0.0, lambda: None, _children
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    def __pow__(self, k):
        out = Value(self.data ** k, (self,))
        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out
    def __neg__(self):  # -self = self * -1
        return self * -1
    def __sub__(self, other):  # a - b = a + (-b)
        return self + (-other)
    def __rsub__(self, other):
        return other + (-self)
    def __truediv__(self, other):  # a / b = a * b**-1
        return self * other ** -1
    def __rtruediv__(self, other):
        return other * self ** -1
    __radd__, __rmul__ = __add__, __mul__
    def backward(self):
        topo, visited = [], set()
        def build(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev: build(child)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo): v._backward()

a, b = Value(-4.0), Value(2.0)
c = a + b
d = a * b + b ** 3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a) * 2
d += 3 * d + (b - a) * 2
f = (c - d) ** 2
g = f / 2.0
g += 10.0 / f
g.backward()
print(f"{g.data:.10f} {a.grad:.10f} {b.grad:.10f}")
print((2 - Value(5.0)).data, (1 / Value(4.0)).data, (-a).data)
