import torch
import torch.nn as nn

# A layer built for 4 features, fed a batch of 3-feature rows.
layer = nn.Linear(4, 5)
print(layer)
print("weight", tuple(layer.weight.shape))
x = torch.zeros(2, 3)
print("input", tuple(x.shape))
y = layer(x)
print("not reached", y.shape)
