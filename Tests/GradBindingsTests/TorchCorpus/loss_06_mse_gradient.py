import torch
import torch.nn as nn

w = torch.tensor([1.0, -1.0], requires_grad=True)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
y = torch.tensor([0.0, 1.0])
loss = nn.MSELoss()(x @ w, y)
print(loss)
loss.backward()
print(w.grad)
w.grad = None
nn.MSELoss(reduction="sum")(x @ w, y).backward()
print(w.grad)
