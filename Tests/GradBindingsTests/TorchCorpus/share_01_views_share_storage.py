import torch

x = torch.zeros(2, 3)
v = x.view(6)
t = x.t()
row = x[1]
v[0] = 1.0
t[2, 1] = 2.0
row.add_(10)
print(x)
print(v)
print(x.data_ptr() == v.data_ptr(), row.data_ptr() == x.data_ptr())
print(x.is_contiguous(), t.is_contiguous())
c = x.clone()
c.fill_(0)
print(x.sum().item(), c.sum().item())
