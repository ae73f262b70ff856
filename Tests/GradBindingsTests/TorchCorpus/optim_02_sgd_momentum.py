import torch

w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.5, momentum=0.5)
trace = []
for step in range(4):
    opt.zero_grad()
    loss = (w * 1.0).sum()  # gradient 1 at every step
    loss.backward()
    opt.step()
    trace.append(round(w.item(), 4))
print(trace)
plain = torch.tensor([1.0], requires_grad=True)
sgd = torch.optim.SGD([plain], lr=0.5)
for step in range(4):
    sgd.zero_grad()
    plain.sum().backward()
    sgd.step()
print(round(plain.item(), 4))
print(opt.param_groups[0]["momentum"])
