import torch

x = torch.tensor([-7, -1, 0, 5, 12])
print(x % 5)
print(x // 4)
print(torch.remainder(x, 3))
f = torch.tensor([-2.5, -0.4, 0.5, 1.5, 2.6])
print(torch.round(f))
print(f.round())
print(torch.round(torch.tensor([1.23456, 9.87654]), decimals=2))
print(f % 1.0)
print(round(2.675, 2), round(0.5), round(1.5))
print(f.floor(), f.ceil())
