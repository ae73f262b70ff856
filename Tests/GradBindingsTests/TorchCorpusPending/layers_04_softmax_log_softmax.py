import torch
import torch.nn.functional as F

logits = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
p = F.softmax(logits, dim=1)
print(p)
print(p.sum(dim=1))
lp = F.log_softmax(logits, dim=1)
print(lp)
print(torch.allclose(lp.exp(), p))
print(torch.softmax(logits, dim=0))
print(logits.softmax(-1).argmax(dim=1))
print(logits.log_softmax(dim=-1)[1])
