import torch
import torch.nn.functional as F

logits = torch.tensor([[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]], requires_grad=True)
target = torch.tensor([3, 0])
loss = F.cross_entropy(logits, target)
loss.backward()
print(logits.grad)
expected = (F.softmax(logits, dim=1) - F.one_hot(target, 4)) / 2
print(torch.allclose(logits.grad, expected))
print(round(loss.item(), 4))
print(loss.grad_fn is not None)
