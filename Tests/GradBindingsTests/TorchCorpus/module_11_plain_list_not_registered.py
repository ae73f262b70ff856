import torch.nn as nn


class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [nn.Linear(3, 3) for _ in range(2)]


class Registered(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])


print(len(list(Plain().parameters())))
print(len(list(Registered().parameters())))
print(list(Plain().state_dict().keys()))
print(list(Registered().state_dict().keys()))
print(Plain())
