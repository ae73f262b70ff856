import torch
import torch.nn as nn


class Scaled(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 2)
        self.scale = nn.Parameter(torch.ones(2))
        self.offset = torch.zeros(2)  # a plain tensor is not a parameter

    def forward(self, x):
        return self.proj(x) * self.scale + self.offset


model = Scaled()
for name, p in model.named_parameters():
    print(name, tuple(p.shape), p.requires_grad)
print(len(list(model.parameters())))
print(isinstance(model.scale, nn.Parameter), isinstance(model.offset, nn.Parameter))
print(type(model.proj).__name__)
print(model(torch.ones(4, 3)).shape)
