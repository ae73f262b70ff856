import torch

x = torch.arange(20).view(4, 5)
print(x[1])
print(x[:, 1])
print(x[1:3, ::2])
print(x[-1, -2:])
print(x[..., 0])
print(x[None, 0].shape, x[:, None].shape)
print(x[::2, 1:4:2])
x[0, :] = 100
print(x[0])
