import torch

x = torch.tensor([1.0, 2.0, 3.0, 4.0])
print(x.prod(), x.cumsum(dim=0))
print(torch.cumsum(torch.tensor([[1, 2], [3, 4]]), dim=1))
print(round(x.std().item(), 4), round(x.var().item(), 4))
print(x.std(unbiased=False), x.var(unbiased=False))
print(torch.tensor([[1.0, 3.0], [5.0, 7.0]]).var(dim=0))
print(x.abs().sum(), x.pow(2).sum().sqrt())
print(x.sum(dim=0, keepdim=True), x.max() - x.min())
