import torch


@torch.no_grad()
def evaluate(w, x):
    print(torch.is_grad_enabled())
    return (w * x).sum()


@torch.no_grad()
def step(w, lr):
    w -= lr * w.grad


w = torch.tensor([1.0, -1.0], requires_grad=True)
out = evaluate(w, torch.tensor([3.0, 4.0]))
print(out, out.requires_grad)
(w * w).sum().backward()
step(w, 0.25)
print(w)
print(torch.is_grad_enabled(), evaluate.__name__)
