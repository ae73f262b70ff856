import torch

x = torch.arange(24.0).view(2, 3, 4)
print(x.sum())
print(x.sum(dim=0))
print(x.sum(dim=(0, 2)))
print(x.mean(dim=-1))
print(x.mean(dim=1, keepdim=True).shape)
print(x.sum(1).shape, x.sum(1, keepdim=True).shape)
counts = torch.tensor([[1, 2], [3, 4]])
print(counts.sum(), counts.sum(dim=1), counts.sum().dtype)
print(counts.float().mean())
