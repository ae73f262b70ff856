import torch

x = torch.arange(3.0)
print(x.requires_grad, x.is_leaf)
same = x.requires_grad_()
print(same is x, x.requires_grad)
(x ** 2).sum().backward()
print(x.grad)
x.requires_grad_(False)
print(x.requires_grad, (x * 2).grad_fn)
y = torch.ones(2, requires_grad=True) * 2
print(y.is_leaf, y.requires_grad)
