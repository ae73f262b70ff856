import math
class Value:
    def __init__(self, data, _children=()):
        self.data, self.grad, self._backward = data, 0.0, lambda: None
        self._prev = tuple(_children)
    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out
    def __mul__(self, other):
        out = Value(self.data * other.data, (self, other))
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    def tanh(self):
        out = Value(math.tanh(self.data), (self,))
        def _backward():
            self.grad += (1 - out.data ** 2) * out.grad
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
class Neuron:
    def __init__(self, nin, k):
        self.w = [Value(((k * 7 + i * 3) % 11) / 10 - 0.5) for i in range(nin)]
        self.b = Value(((k * 5) % 7) / 10 - 0.3)
    def __call__(self, x):
        return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()
class MLP:
    def __init__(self, nin, nouts):
        sizes = [nin] + nouts
        self.layers = [[Neuron(sizes[i], 10 * i + j) for j in range(sizes[i + 1])] for i in range(len(nouts))]
        self.params = [p for layer in self.layers for n in layer for p in n.w + [n.b]]
    def __call__(self, x):
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x[0]

xs, ys = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]], [1.0, -1.0, -1.0, 1.0]
net = MLP(3, [4, 4, 1])
for step in range(8):
    errors = [net([Value(v) for v in x]) + Value(-y) for x, y in zip(xs, ys)]
    loss = sum((e * e for e in errors), Value(0.0))
    for p in net.params: p.grad = 0.0
    loss.backward()
    for p in net.params: p.data += -0.05 * p.grad
    print(step, len(net.params), f"{loss.data:.10f}")
