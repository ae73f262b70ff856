import torch
import torch.nn as nn

seen = []


def init(module):
    seen.append(type(module).__name__)
    if isinstance(module, nn.Linear):
        nn.init.constant_(module.weight, 0.1)
        nn.init.zeros_(module.bias)


model = nn.Sequential(nn.Linear(3, 2), nn.Tanh(), nn.Linear(2, 2))
returned = model.apply(init)
print(returned is model)
print(seen)
print(model(torch.tensor([[10.0, 0.0, 5.0]])))
print(model[2].weight)
