import numpy as np
import torch

t = torch.zeros(3)
n = t.numpy()
n[1] = 5.0
print(t)
t.mul_(2).add_(1)
print(n)
arr = np.arange(4.0)
s = torch.from_numpy(arr)
arr[:] = arr * 10
print(s)
s[0] = -1
print(arr)
copy = torch.tensor(arr)
arr[1] = 0
print(copy, s)
