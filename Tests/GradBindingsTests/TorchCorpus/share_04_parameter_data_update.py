import torch
import torch.nn as nn

layer = nn.Linear(2, 1, bias=False)
nn.init.constant_(layer.weight, 1.0)
loss = layer(torch.tensor([[2.0, -1.0]])).sum()
loss.backward()
print(layer.weight.grad)
for p in layer.parameters():
    p.data.add_(p.grad, alpha=-0.5)
print(layer.weight)
print(layer.weight.data.requires_grad, layer.weight.requires_grad)
with torch.no_grad():
    layer.weight -= 0.5 * layer.weight.grad
print(layer.weight.data)
print(layer.weight.is_leaf)
