import torch
import torch.nn as nn


def train(make_opt):
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    opt = make_opt(model.parameters())
    x = torch.arange(12.0).view(4, 3) / 10
    y = x.sum(dim=1, keepdim=True)
    losses = []
    for _ in range(50):
        loss = ((model(x) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


sgd = train(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))
adam = train(lambda ps: torch.optim.Adam(ps, lr=0.1))
print(len(sgd), len(adam))
print(sgd[-1] < sgd[0], adam[-1] < adam[0])
