import torch
import torch.nn as nn

a = nn.Parameter(torch.zeros(2))
b = nn.Parameter(torch.zeros(1))
(a * torch.tensor([3.0, 0.0]) + 0).sum().backward()
(b * 4.0).sum().backward()
print(a.grad, b.grad)
total = torch.nn.utils.clip_grad_norm_([a, b], max_norm=1.0)
print(round(total.item(), 4))
print([round(v, 4) for v in a.grad.tolist()], [round(v, 4) for v in b.grad.tolist()])
again = nn.utils.clip_grad_norm_([a, b], 10.0)
print(round(again.item(), 4))
print([round(v, 4) for v in a.grad.tolist()])
