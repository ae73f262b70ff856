import torch

x = torch.tensor([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]])
mask = x > 0
print(mask)
print(mask.dtype)
print(x[mask])
print(x[~mask])
print(x[x.abs() > 2.5])
rows = torch.tensor([True, False])
print(x[rows])
print(mask.sum(), mask.any(), mask.all())
