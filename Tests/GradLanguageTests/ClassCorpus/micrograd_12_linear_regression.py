class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)

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

    def __rmul__(self, other):
        return self * other

    def __sub__(self, other):
        return self + (-1) * other

    def backward(self):
        topo, seen = [], set()
        def build(v):
            if v not in seen:
                seen.add(v)
                for c in v._prev:
                    build(c)
                topo.append(v)
        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()

points = [(0.0, 1.0), (1.0, 3.0), (2.0, 5.0), (3.0, 7.0)]
w, b = Value(0.0), Value(0.0)
for step in range(40):
    loss = Value(0.0)
    for x, y in points:
        err = w * x + b - y
        loss = loss + err * err
    loss = loss * (1.0 / len(points))
    w.grad = b.grad = 0.0
    loss.backward()
    w.data -= 0.1 * w.grad
    b.data -= 0.1 * b.grad
    if step % 8 == 0:
        print(step, f"{loss.data:.10f}")
print(f"w={w.data:.6f} b={b.data:.6f}")
