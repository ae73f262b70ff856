class Value:
    def __init__(self, data, _children=()):
        self.data = data
        self.grad = 0.0
        self._prev = tuple(_children)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other))

    def __radd__(self, other):
        return self + other

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other))

    def __rmul__(self, other):
        return self * other

    def relu(self):
        return Value(max(0.0, self.data), (self,))

    def __repr__(self):
        return f"Value({self.data:.4f})"

class Neuron:
    def __init__(self, weights, bias, nonlin=True):
        self.w = [Value(w) for w in weights]
        self.b = Value(bias)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

class Layer:
    def __init__(self, rows, biases, nonlin=True):
        self.neurons = [Neuron(r, b, nonlin) for r, b in zip(rows, biases)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

class MLP:
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

model = MLP([
    Layer([[0.5, -0.25], [-1.0, 0.75], [0.25, 0.25]], [0.1, 0.0, -0.2]),
    Layer([[1.0, -0.5, 2.0]], [0.05], nonlin=False),
])
for x in [[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0], [3.0, -1.0]]:
    print(x, model(x))
print(model.layers[0]([1.0, 2.0]))
