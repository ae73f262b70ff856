import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(1, 3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid())
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[1.0], [-1.0], [2.0]]))
    model[0].bias.zero_()
    model[2].weight.copy_(torch.tensor([[1.0, 1.0, -1.0]]))
    model[2].bias.zero_()
x = torch.tensor([[-1.0], [0.0], [1.0]])
h = model[1](model[0](x))
print(h)
print(model[2](h))
print(model(x))
