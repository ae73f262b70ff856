import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
print((a + 1).grad_fn.name())
print(type((a * a).grad_fn).__name__)
print((a.sum()).grad_fn.name(), a.mean().grad_fn.name())
print(a.detach().grad_fn, a.grad_fn)
b = (a * 2).detach()
print(b.requires_grad, b.is_leaf)
print(torch.tanh(a).grad_fn.name())
