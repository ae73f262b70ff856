import torch
import torch.nn as nn

a = nn.Parameter(torch.tensor([1.0]))
b = nn.Parameter(torch.tensor([1.0]))
opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.01}], lr=0.1)
print([g["lr"] for g in opt.param_groups])
(a + b).sum().backward()
opt.step()
print(round(a.item(), 4), round(b.item(), 4))
for group in opt.param_groups:
    group["lr"] = group["lr"] * 10
print([g["lr"] for g in opt.param_groups])
opt.step()
print(round(a.item(), 4), round(b.item(), 4))
print(len(opt.param_groups[0]["params"]))
