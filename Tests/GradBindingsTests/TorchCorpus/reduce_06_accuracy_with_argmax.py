import torch

logits = torch.tensor([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [1.0, 0.0, 4.0], [5.0, 6.0, 0.0]])
labels = torch.tensor([0, 1, 1, 1])
pred = logits.argmax(dim=1)
print(pred)
correct = (pred == labels)
print(correct)
print(correct.sum().item(), correct.float().mean().item())
print(logits.argmax(), logits.argmax(dim=0, keepdim=True))
