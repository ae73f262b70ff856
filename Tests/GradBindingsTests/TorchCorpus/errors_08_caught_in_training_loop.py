import torch
import torch.nn as nn

model = nn.Linear(3, 1)
for width in [3, 2, 3]:
    try:
        out = model(torch.ones(1, width))
        print(width, "ok", tuple(out.shape))
    except RuntimeError as error:
        print(width, "RuntimeError:", error)
try:
    torch.ones(2, requires_grad=True).numpy()
except RuntimeError as error:
    print(type(error).__name__, str(error).split(".")[0])
