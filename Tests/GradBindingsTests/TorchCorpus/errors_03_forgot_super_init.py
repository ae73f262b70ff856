import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        self.fc = nn.Linear(2, 2)


print("building")
Model()
