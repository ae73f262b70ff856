import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
d = w.detach()
print(d.requires_grad, d.data_ptr() == w.data_ptr())
d[0] = 10.0
print(w)
c = w.clone()
print(c.requires_grad, c.grad_fn is not None, c.data_ptr() == w.data_ptr())
(c * 3).sum().backward()
print(w.grad)
e = w.detach().clone()
e[1] = 0.0
print(w.detach(), e)
