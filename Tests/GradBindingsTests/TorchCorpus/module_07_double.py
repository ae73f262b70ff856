import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 2), nn.Tanh())
print(model[0].weight.dtype)
same = model.double()
print(same is model)
print([p.dtype for p in model.parameters()])
with torch.no_grad():
    model[0].weight.fill_(0.5)
    model[0].bias.fill_(-1.0)
x = torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64)
y = model(x)
print(y.dtype)
print(y)
print(model.float()[0].weight.dtype)
