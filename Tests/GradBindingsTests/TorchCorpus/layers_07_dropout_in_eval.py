import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.arange(1.0, 7.0).view(2, 3)
print(F.dropout(x, p=0.5, training=False))
print(F.dropout(x, p=0.0))
drop = nn.Dropout(0.3)
drop.eval()
print(drop(x))
print(drop.p)
y = F.dropout(torch.ones(1000), p=0.2)
print(bool(((y == 0) | (y == 1.25)).all()))
print(F.dropout(x, p=1.0))
