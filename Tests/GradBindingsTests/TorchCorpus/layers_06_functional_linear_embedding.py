import torch
import torch.nn.functional as F

w = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
b = torch.tensor([0.5, 0.0, -1.0])
x = torch.tensor([[2.0, 4.0]])
print(F.linear(x, w))
print(F.linear(x, w, b))
table = torch.arange(8.0).view(4, 2)
print(F.embedding(torch.tensor([3, 0, 3]), table))
print(F.embedding(torch.tensor([[1], [2]]), table).shape)
