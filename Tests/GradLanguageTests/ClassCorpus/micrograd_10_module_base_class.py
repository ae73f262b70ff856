class Value:
    def __init__(self, data):
        self.data = data
        self.grad = 0.0

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

class Module:
    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self):
        return []

class Neuron(Module):
    def __init__(self, nin, start):
        self.w = [Value(start + i) for i in range(nin)]
        self.b = Value(0.0)

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"Neuron({len(self.w)})"

class Layer(Module):
    def __init__(self, nin, nout):
        self.neurons = [Neuron(nin, 10 * k) for k in range(nout)]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"

layer = Layer(2, 3)
print(layer)
print(len(layer.parameters()), len(Module().parameters()))
for i, p in enumerate(layer.parameters()):
    p.grad = i * 0.5
print(layer.parameters()[:3])
layer.zero_grad()
print(sum(p.grad for p in layer.parameters()))
print(isinstance(layer, Module), isinstance(layer.neurons[0], Layer))
