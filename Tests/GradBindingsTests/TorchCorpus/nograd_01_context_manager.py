import torch

w = torch.tensor([2.0], requires_grad=True)
with torch.no_grad():
    y = w * 3
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())
print(y.requires_grad, y.grad_fn)
z = w * 3
print(z.requires_grad, z.grad_fn is not None)
with torch.no_grad():
    w.add_(1.0)
print(w, w.is_leaf)
with torch.enable_grad():
    print(torch.is_grad_enabled())
