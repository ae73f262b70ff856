import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5), nn.Linear(2, 1))
for p in model.parameters():
    nn.init.constant_(p, 0.5)
model.eval()
with torch.no_grad():
    out = model(torch.tensor([[1.0, 2.0]]))
print(out, out.requires_grad)
model.train()
out = model(torch.tensor([[1.0, 2.0]]))
print(out.requires_grad, out.shape)
