import torch

scores = torch.tensor([[0.1, 0.9, 0.0], [0.8, 0.1, 0.1], [0.3, 0.3, 0.4]])
values, indices = scores.max(dim=1)
print(values)
print(indices)
best, where = torch.min(scores, dim=0)
print(best, where)
for v, i in zip(*scores.max(1)):
    print(round(v.item(), 1), i.item())
