import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
print(F.relu(x))
print(torch.tanh(x))
print(F.tanh(x))
print(torch.sigmoid(x))
print(F.sigmoid(x))
print(nn.ReLU()(x))
print(nn.Tanh()(x))
print(nn.Sigmoid()(x))
print(x.relu(), x.tanh().shape)
