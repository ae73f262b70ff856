import torch

t = torch.tensor([[1.0, 5.0, 3.0], [7.0, 2.0, 7.5]])
result = t.max(dim=1)
print(result.values)
print(result.indices)
print(result[0], result[1])
print(t.max())
print(t.max(dim=0).indices)
print(torch.max(t, 1).values)
print(t.min(dim=1).indices, t.min(dim=1, keepdim=True).values.shape)
