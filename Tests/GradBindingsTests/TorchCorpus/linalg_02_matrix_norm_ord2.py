import torch

d = torch.diag(torch.tensor([3.0, -5.0, 1.0]))
print(d)
print(torch.linalg.matrix_norm(d, ord=2))
print(torch.linalg.matrix_norm(d))
print(torch.linalg.matrix_norm(d, ord="fro"))
scaled = 0.5 * torch.eye(4)
print(torch.linalg.matrix_norm(scaled, ord=2))
rot = torch.tensor([[0.0, -2.0], [2.0, 0.0]])
print(round(torch.linalg.matrix_norm(rot, ord=2).item(), 4))
print(torch.linalg.matrix_norm(torch.stack([d[:2, :2], 2 * d[:2, :2]]), ord=2))
