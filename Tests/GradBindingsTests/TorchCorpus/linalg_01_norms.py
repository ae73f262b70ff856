import torch

v = torch.tensor([3.0, 4.0])
print(torch.linalg.norm(v))
print(v.norm())
print(torch.linalg.norm(v, ord=1), torch.linalg.norm(v, ord=float("inf")))
m = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
print(torch.linalg.norm(m))
print(torch.linalg.vector_norm(m, ord=1))
print(m.norm(dim=1))
print(torch.linalg.norm(m, dim=0))
