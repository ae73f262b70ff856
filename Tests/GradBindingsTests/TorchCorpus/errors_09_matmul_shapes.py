import torch

a = torch.ones(2, 3)
b = torch.ones(2, 3)
print((a * b).shape)
print((a @ b.T).shape)
print((a.T @ b).shape)
# Elementwise works, but a matrix product needs the inner sizes to agree.
c = a @ b
print("not reached", c)
