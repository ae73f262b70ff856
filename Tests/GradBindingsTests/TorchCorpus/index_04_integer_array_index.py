import torch

x = torch.arange(12.0).view(3, 4)
print(x[torch.tensor([2, 0])])
print(x[[0, 1, 2], [3, 2, 1]])
print(x[torch.arange(3), torch.tensor([0, 0, 3])])
print(x[:, [1, 3]])
idx = torch.tensor([[0, 1], [2, 2]])
print(x[idx].shape)
print(torch.gather(x, 1, torch.tensor([[0], [1], [2]])))
print(x.index_select(1, torch.tensor([3, 0])))
