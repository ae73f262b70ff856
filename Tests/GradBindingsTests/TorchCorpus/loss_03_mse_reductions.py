import torch
import torch.nn as nn
import torch.nn.functional as F

pred = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
target = torch.tensor([[1.0, 0.0], [0.0, 4.0]])
print(nn.MSELoss()(pred, target))
print(nn.MSELoss(reduction="sum")(pred, target))
print(nn.MSELoss(reduction="none")(pred, target))
print(F.mse_loss(pred, target))
print(F.mse_loss(pred, target, reduction="sum"))
print(nn.MSELoss())
print(nn.MSELoss(reduction="sum").reduction)
