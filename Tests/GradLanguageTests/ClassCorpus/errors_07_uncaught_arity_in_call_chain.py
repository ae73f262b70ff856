class Neuron:
    def __init__(self, w, b):
        self.w = w
        self.b = b

    def __call__(self, x):
        return self.w * x + self.b


n = Neuron(2, 1)
print(n(3))
m = Neuron(2)
print("unreachable")
