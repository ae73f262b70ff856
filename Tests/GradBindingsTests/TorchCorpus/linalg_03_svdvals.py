import torch

a = torch.tensor([[2.0, 0.0], [0.0, -3.0]])
print(torch.linalg.svdvals(a))
b = torch.tensor([[1.0, 1.0], [1.0, 1.0]])
s = torch.linalg.svdvals(b)
print([round(v, 4) for v in s.tolist()])
w = torch.tensor([[0.0, 0.0, 4.0], [0.0, 1.0, 0.0]])
print([round(v, 4) for v in torch.linalg.svdvals(w).tolist()])
print(torch.linalg.svdvals(w).shape)
radius = torch.linalg.svdvals(0.9 * torch.eye(3))[0]
print(round(radius.item(), 4), bool(radius < 1))
