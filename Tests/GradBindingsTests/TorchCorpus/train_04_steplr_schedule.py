import torch
import torch.nn as nn

w = nn.Parameter(torch.tensor([4.0]))
opt = torch.optim.SGD([w], lr=0.2)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for epoch in range(6):
    loss = (w ** 2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()
    print(epoch, round(w.item(), 4), sched.get_last_lr(), opt.param_groups[0]["lr"])
