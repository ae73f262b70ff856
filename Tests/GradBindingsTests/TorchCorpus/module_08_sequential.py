import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
print(len(model))
print(type(model[1]).__name__)
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[1.0, -1.0], [2.0, 0.5]]))
    model[0].bias.copy_(torch.tensor([0.0, -3.0]))
    model[2].weight.copy_(torch.tensor([[1.0, 2.0]]))
    model[2].bias.fill_(0.25)
x = torch.tensor([[1.0, 2.0], [3.0, 1.0]])
print(model[0](x))
print(model[1](model[0](x)))
print(model(x))
print([name for name, _ in model.named_parameters()])
