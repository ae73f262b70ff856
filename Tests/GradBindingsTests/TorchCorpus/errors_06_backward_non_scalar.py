import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
print(y.shape)
y.backward(torch.ones(2))
print(x.grad)
y = x * 3
# backward() without an argument needs a one-element result.
y.backward()
