import torch

w = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w], lr=1.0)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.1)
lrs = []
for epoch in range(8):
    lrs.append(round(opt.param_groups[0]["lr"], 6))
    opt.step()
    sched.step()
print(lrs)
print([round(v, 6) for v in sched.get_last_lr()])
print(type(sched).__name__)
