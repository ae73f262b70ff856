import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.5)

    def forward(self, x):
        return self.drop(x)


net = Net()
print(net.training, net.drop.training)
x = torch.ones(200)
y = net(x)
print(bool(((y == 0) | (y == 2)).all()))
print(bool((y == 0).any()), bool((y == 2).any()))

net.eval()
print(net.training, net.drop.training)
print(torch.equal(net(x), x))

net.train()
print(net.training, net.drop.training)
print(net.drop)
