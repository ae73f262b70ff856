import torch
import torch.nn as nn

layer = nn.Linear(2, 3, bias=False)
print(layer)
print(layer.bias)
print([name for name, _ in layer.named_parameters()])
nn.init.ones_(layer.weight)
print(layer(torch.tensor([[1.0, 2.0]])))
print(layer.in_features, layer.out_features)
