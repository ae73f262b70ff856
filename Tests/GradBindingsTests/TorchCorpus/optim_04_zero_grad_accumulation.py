import torch
import torch.nn as nn

model = nn.Linear(1, 1, bias=False)
nn.init.constant_(model.weight, 2.0)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.tensor([[3.0]])
model(x).sum().backward()
model(x).sum().backward()
print(model.weight.grad)
opt.zero_grad()
print(model.weight.grad)
model(x).sum().backward()
print(model.weight.grad)
opt.zero_grad(set_to_none=False)
print(model.weight.grad)
