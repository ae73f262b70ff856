import math

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
    def __radd__(self, other):
        return self + other
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    def __rmul__(self, other):
        return self * other
    def __pow__(self, k):
        out = Value(self.data ** k, (self,))
        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out
    def __sub__(self, other):
        return self + (-1) * other
    def __truediv__(self, other):
        return self * other ** -1
    def exp(self):
        out = Value(math.exp(self.data), (self,))
        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out
    def backward(self):
        topo, seen = [], set()
        def build(v):
            if v not in seen:
                seen.add(v)
                for c in v._prev: build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo): v._backward()

for x0 in [-1.0, 0.0, 0.5, 2.0]:
    x = Value(x0)
    e = (2 * x).exp()
    t = (e - 1) / (e + 1)
    t.backward()
    print(x0, round(t.data, 10), round(math.tanh(x0), 10), round(x.grad, 10), round(1 - math.tanh(x0) ** 2, 10))
