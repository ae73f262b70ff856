import torch

x = torch.tensor([2.0, -1.0, 7.0, 0.5])
s = torch.sort(x)
print(s.values, s.indices)
values, order = x.sort(descending=True)
print(values, order)
print(torch.equal(x[order], values))
m = torch.tensor([[3, 1, 2], [0, 5, 4]])
print(m.sort(dim=1))
print(torch.argsort(x))
