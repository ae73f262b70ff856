import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x.exp() * 2).sum()
y.backward(retain_graph=True)
y.backward()
print(x.grad is not None)
z = (x.exp() * 2).sum()
z.backward()
# The graph's saved tensors were freed by the call above.
z.backward()
