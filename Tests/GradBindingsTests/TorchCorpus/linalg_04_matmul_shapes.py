import torch

a = torch.arange(6.0).view(2, 3)
b = torch.arange(12.0).view(3, 4)
print(a @ b)
print(torch.matmul(a, b).shape, torch.mm(a, b).shape)
v = torch.tensor([1.0, 0.0, -1.0])
print(a @ v)
print(v @ b)
print(v @ v)
batch = torch.ones(5, 2, 3)
print((batch @ b).shape)
print(torch.bmm(batch, torch.ones(5, 3, 1)).shape)
print(torch.outer(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0, 5.0])))
