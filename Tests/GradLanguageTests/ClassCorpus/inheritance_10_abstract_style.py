class Layer:
    def forward(self, x):
        raise NotImplementedError("subclasses implement forward")

    def __call__(self, x):
        return self.forward(x)


class Double(Layer):
    def forward(self, x):
        return [2 * v for v in x]


class Shift(Layer):
    def __init__(self, by):
        self.by = by

    def forward(self, x):
        return [v + self.by for v in x]


net = [Double(), Shift(-1), Double()]
x = [1, 2, 3]
for layer in net:
    x = layer(x)
    print(type(layer).__name__, x)
try:
    Layer()([1])
except NotImplementedError as e:
    print("NotImplementedError:", e)
