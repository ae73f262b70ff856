import torch
import torch.nn as nn

layer = nn.Linear(2, 1)
nn.init.constant_(layer.weight, 0.5)
nn.init.zeros_(layer.bias)
print(layer.weight.grad is None)

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
layer(x).sum().backward()
print(layer.weight.grad)
print(layer.bias.grad)

layer(x).sum().backward()
print(layer.weight.grad)

layer.zero_grad()
print(layer.weight.grad is None, layer.bias.grad is None)
