import torch

x = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
z = x.new_zeros(2, 3)
print(z, z.dtype)
o = x.new_ones((1, 2))
print(o, o.dtype)
i = torch.tensor([1, 2]).new_zeros(3)
print(i, i.dtype)
print(x.new_tensor([5, 6]).dtype)
print(torch.zeros_like(x), torch.ones_like(x).shape)
print(x.new_full((2,), 3.5))
