import torch
import torch.nn as nn

x = torch.tensor([[0.0], [1.0], [2.0], [3.0]])
y = 2 * x + 1
model = nn.Linear(1, 1)
nn.init.zeros_(model.weight)
nn.init.zeros_(model.bias)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for step in range(200):
    loss = loss_fn(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step < 3:
        print(step, round(loss.item(), 3), round(model.weight.item(), 3))
print(round(model.weight.item(), 2), round(model.bias.item(), 2))
print(loss.item() < 1e-3)
