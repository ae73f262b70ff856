import numpy as np
import torch

# `+=` and friends write into the tensor itself: names and views see the change.
a = torch.ones(2, 2)
alias = a
row = a[0]
a += 1
a *= torch.tensor([1.0, 3.0])
print(alias, row, alias is a)

# `@=` makes a new tensor.
b = a
a @= torch.eye(2)
print(a is b)

# The dtype stays: an integer tensor cannot take a float result.
steps = torch.arange(3)
try:
    steps += 0.5
except RuntimeError as e:
    print("RuntimeError:", e)
steps *= 2
print(steps)

# A leaf that requires grad may only be updated under no_grad.
w = torch.ones(3, requires_grad=True)
try:
    w -= 0.1
except RuntimeError as e:
    print("RuntimeError:", e)
with torch.no_grad():
    w -= 0.1
print(w)

# Accumulating a loss over time steps keeps every step in the graph.
loss = 0
for k in range(1, 4):
    loss += (w * k).sum()
loss.backward()
print(loss, w.grad)

# Arrays behave the same, and a tensor sharing the array's memory sees it.
t = torch.zeros(4)
view = t.numpy()
view += 2
view **= 2
print(t)
counts = np.arange(4)
try:
    counts /= 2
except TypeError as e:
    print(type(e).__name__, e)
