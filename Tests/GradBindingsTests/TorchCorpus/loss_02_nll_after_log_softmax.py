import torch
import torch.nn as nn
import torch.nn.functional as F

logits = torch.tensor([[0.5, 1.5], [3.0, -1.0], [0.0, 0.0], [1.0, 1.0]])
target = torch.tensor([1, 0, 1, 0])
nll = nn.NLLLoss()
print(nll)
a = nll(F.log_softmax(logits, dim=1), target)
b = F.cross_entropy(logits, target)
print(round(a.item(), 4), round(b.item(), 4))
print(torch.allclose(a, b))
print(nn.NLLLoss(reduction="sum")(torch.log(torch.tensor([[0.25, 0.75]])), torch.tensor([0])))
print(F.nll_loss(torch.tensor([[-1.0, -2.0], [-3.0, -4.0]]), torch.tensor([1, 0])))
