import torch
import torch.nn.functional as F

labels = torch.tensor([0, 2, 1, 2])
onehot = F.one_hot(labels)
print(onehot)
print(onehot.dtype, onehot.shape)
print(F.one_hot(labels, num_classes=5))
print(F.one_hot(torch.tensor([[1, 0], [0, 1]]), 2).shape)
print(onehot.float() @ torch.tensor([10.0, 20.0, 30.0]))
