import torch

w = torch.tensor([1.0, -1.0, 0.5], requires_grad=True)
opt = torch.optim.Adam([w], lr=0.1)
print(opt.param_groups[0]["betas"], opt.param_groups[0]["eps"])
for step in range(3):
    opt.zero_grad()
    loss = (w * torch.tensor([2.0, 3.0, -4.0])).sum()
    loss.backward()
    opt.step()
    print(step, [round(v, 4) for v in w.tolist()])
