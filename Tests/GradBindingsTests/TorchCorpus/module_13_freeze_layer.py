import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))
for p in model.parameters():
    nn.init.constant_(p, 0.5)
model[0].requires_grad_(False)
print([p.requires_grad for p in model.parameters()])

loss = model(torch.tensor([[1.0, 3.0]])).sum()
loss.backward()
print(model[0].weight.grad is None)
print(model[1].weight.grad)
print(model[1].bias.grad)
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
