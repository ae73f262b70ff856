import torch

x = torch.arange(6)
print(x.view(2, 3).shape)
print(x.view(-1, 2).shape)
print(x.view(3, -1).shape)
print(x.numel())
# Six elements do not fill a 4 x 2 view.
y = x.view(4, 2)
print("not reached", y)
