import torch
import torch.nn as nn


class Stack(nn.Module):
    def __init__(self, depth):
        super().__init__()
        self.layers = nn.ModuleList()
        for _ in range(depth):
            self.layers.append(nn.Linear(2, 2))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


stack = Stack(3)
print(len(stack.layers))
print(len(list(stack.parameters())))
for layer in stack.layers:
    nn.init.eye_(layer.weight)
    nn.init.constant_(layer.bias, 1.0)
print(stack(torch.zeros(1, 2)))
print([name for name, _ in stack.named_parameters()][:3])
print(stack.layers[-1])
