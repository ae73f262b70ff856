import torch
import torch.nn as nn
import torch.nn.functional as F

logits = torch.tensor([[2.0, 0.0], [0.0, 2.0], [5.0, -5.0]])
target = torch.tensor([0, 1, -100])
full = F.cross_entropy(logits[:2], target[:2])
ignored = F.cross_entropy(logits, target)
print(torch.allclose(full, ignored), round(ignored.item(), 4))
pad = 0
target2 = torch.tensor([pad, 1, 1])
loss_fn = nn.CrossEntropyLoss(ignore_index=pad)
print(round(loss_fn(logits, target2).item(), 4))
print([round(v, 4) for v in F.cross_entropy(logits, target2, ignore_index=pad, reduction="none").tolist()])
lp = F.log_softmax(logits, dim=1)
print(round(F.nll_loss(lp, torch.tensor([1, -100, 0])).item(), 4))
