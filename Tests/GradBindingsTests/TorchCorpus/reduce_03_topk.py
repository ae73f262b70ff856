import torch

x = torch.tensor([3.0, 1.0, 4.0, 1.5, 5.0, 9.0, 2.0, 6.0])
top = torch.topk(x, 3)
print(top.values)
print(top.indices)
values, indices = x.topk(2, largest=False)
print(values, indices)
m = torch.tensor([[1.0, 8.0, 3.0], [9.0, 2.0, 4.0]])
print(m.topk(2, dim=1))
print(m.topk(1, dim=0).indices)
