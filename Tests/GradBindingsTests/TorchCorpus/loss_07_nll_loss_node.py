import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [0.0, 0.25, 0.75]], requires_grad=True)
y = torch.tensor([2, 0, 1])
lp = F.log_softmax(x, dim=1)
for red in ['mean', 'sum', 'none']:
    loss = F.nll_loss(lp, y, reduction=red)
    print(red, loss)
loss = nn.NLLLoss(ignore_index=0)(lp, y)
loss.backward()
print(loss, x.grad)
print(F.nll_loss(lp[0], y[0]))
# wrong batch, float targets, two targets per row, a class that does not exist
for bad in [torch.tensor([0, 1]), torch.tensor([0.0, 1.0, 2.0]), torch.tensor([[0], [1], [2]]), torch.tensor([0, 5, 1])]:
    try:
        F.nll_loss(lp, bad)
    except (ValueError, RuntimeError, IndexError) as e:
        print(type(e).__name__, e)
