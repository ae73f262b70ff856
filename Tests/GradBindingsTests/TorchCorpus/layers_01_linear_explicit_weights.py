import torch
import torch.nn as nn

layer = nn.Linear(3, 2)
print(layer)
print(layer.weight.shape, layer.bias.shape)
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]))
    layer.bias.copy_(torch.tensor([0.25, -0.25]))
x = torch.arange(6.0).view(2, 3)
y = layer(x)
print(y)
print(torch.equal(y, x @ layer.weight.T + layer.bias))
print(y.grad_fn is not None, y.requires_grad)
print(layer(torch.tensor([1.0, 1.0, 1.0])).tolist())
