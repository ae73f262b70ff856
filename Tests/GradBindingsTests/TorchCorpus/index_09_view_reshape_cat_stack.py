import torch

x = torch.arange(6)
print(x.view(2, 3))
print(x.view(-1, 2))
print(x.reshape(3, 2).T)
print(x.view(2, 3).transpose(0, 1).contiguous().view(-1))
a = torch.ones(2, 2)
b = torch.zeros(2, 2)
print(torch.cat([a, b], dim=1))
print(torch.stack([a, b]).shape, torch.stack([a, b], dim=2).shape)
print(x.unsqueeze(0).shape, x.view(1, 6, 1).squeeze().shape)
print(torch.split(x, 4), x.chunk(3))
