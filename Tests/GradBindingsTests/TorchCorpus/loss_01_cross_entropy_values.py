import torch
import torch.nn as nn

logits = torch.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0], [1.0, 3.0, -1.0]])
target = torch.tensor([0, 2, 1])
loss_fn = nn.CrossEntropyLoss()
print(loss_fn)
loss = loss_fn(logits, target)
print(round(loss.item(), 4))
print(loss.shape, loss.dtype)
per_row = nn.CrossEntropyLoss(reduction="none")(logits, target)
print([round(v, 4) for v in per_row.tolist()])
print(round(nn.CrossEntropyLoss(reduction="sum")(logits, target).item(), 4))
manual = -torch.log_softmax(logits, dim=1)[torch.arange(3), target].mean()
print(torch.allclose(manual, loss))
