import torch
import torch.nn.functional as F

vocab = 3
logits = torch.zeros(2, vocab)
print(round(F.cross_entropy(logits, torch.tensor([0, 2])).item(), 4))
targets = torch.tensor([0, vocab])
print(targets.max().item(), "classes:", vocab)
# Class ids run from 0 to vocab - 1.
F.cross_entropy(logits, targets)
