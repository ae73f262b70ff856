import random

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
    __radd__ = __add__
    __rmul__ = __mul__
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

class Neuron:
    def __init__(self, nin):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)

    def __call__(self, x):
        return sum((wi * xi for wi, xi in zip(self.w, x)), self.b)

    def parameters(self):
        return self.w + [self.b]

random.seed(1337)
n = Neuron(2)
print([f"{w.data:.10f}" for w in n.w])
data = [([1.0, 0.0], 2.0), ([0.0, 1.0], -1.0), ([1.0, 1.0], 1.0)]
for step in range(6):
    loss = sum((n(x) + (-t)) * (n(x) + (-t)) for x, t in data)
    for p in n.parameters():
        p.grad = 0.0
    loss.backward()
    for p in n.parameters():
        p.data -= 0.1 * p.grad
    print(step, f"{loss.data:.10f}")
print(f"{random.random():.10f}")
