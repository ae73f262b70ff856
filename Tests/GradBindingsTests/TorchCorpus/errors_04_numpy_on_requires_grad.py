import torch

w = torch.ones(3, requires_grad=True)
print(w.detach().numpy())
with torch.no_grad():
    doubled = w * 2
print(doubled.requires_grad, doubled.numpy())
loss = (w * w).sum()
print(loss.requires_grad)
# A tensor that takes part in the graph cannot be handed to numpy as is.
w.numpy()
