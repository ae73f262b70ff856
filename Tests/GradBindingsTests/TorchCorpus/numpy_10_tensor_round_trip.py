import numpy as np
import torch

t = torch.arange(6.0).view(2, 3)
n = t.numpy()
print(type(n).__name__, n.shape, n.dtype)
print(n)
back = torch.tensor(n)
n[0, 0] = 99.0
print(t[0, 0].item(), back[0, 0].item())
print(torch.as_tensor(np.array([1, 2])).dtype)
print(torch.from_numpy(np.array([[1.5, 2.5]])))
print(t.detach().numpy().sum())
print(t.tolist())
print(np.asarray(t).shape)
