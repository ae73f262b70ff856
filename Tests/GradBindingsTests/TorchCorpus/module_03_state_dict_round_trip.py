import torch
import torch.nn as nn


def build():
    return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))


source = build()
with torch.no_grad():
    for i, p in enumerate(source.parameters()):
        p.copy_(torch.full(p.shape, 0.25 * (i + 1)))

state = source.state_dict()
print(list(state.keys()))
print([tuple(v.shape) for v in state.values()])

target = build()
result = target.load_state_dict(state)
print(result.missing_keys, result.unexpected_keys)
x = torch.tensor([[1.0, -2.0], [0.5, 4.0]])
print(torch.equal(source(x), target(x)))
print(target(x))
print(target[2].bias)
