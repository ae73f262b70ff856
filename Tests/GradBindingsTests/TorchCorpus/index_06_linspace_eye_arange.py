import torch

print(torch.linspace(0, 1, 5))
print(torch.linspace(-1, 1, steps=3))
print(torch.eye(3))
print(torch.eye(2, 3))
print(torch.arange(0, 1, 0.25))
print(torch.arange(1.5, 4.0))
print(torch.arange(5), torch.arange(5).dtype, torch.arange(5.0).dtype)
print(torch.arange(10, 0, -3))
print(torch.full((2, 2), 7), torch.zeros(2, dtype=torch.long))
