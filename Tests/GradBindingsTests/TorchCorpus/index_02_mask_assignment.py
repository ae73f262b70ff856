import torch

x = torch.arange(-3.0, 4.0)
x[x < 0] = 0.0
print(x)
y = torch.arange(12).view(3, 4)
y[y % 2 == 1] = -1
print(y)
z = torch.zeros(2, 3)
z[torch.tensor([[True, False, True], [False, True, False]])] = torch.tensor([1.0, 2.0, 3.0])
print(z)
w = torch.ones(4)
w.masked_fill_(torch.tensor([False, True, True, False]), 7.0)
print(w)
print(torch.where(x > 1, x, torch.zeros_like(x)))
