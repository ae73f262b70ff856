import torch
import torch.nn as nn

w = nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))
opt = torch.optim.SGD([w], lr=0.25)
print(type(opt).__name__, len(opt.param_groups))
loss = (w * w).sum()
loss.backward()
print(w.grad)
opt.step()
print(w)
opt.zero_grad()
print(w.grad)
(w * w).sum().backward()
opt.step()
print(w.detach())
