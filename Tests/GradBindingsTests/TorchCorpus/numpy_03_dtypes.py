import numpy as np
import torch

print(np.array([1, 2]).dtype, np.array([1.0, 2]).dtype, np.array([True]).dtype)
print(np.zeros(2).dtype, np.arange(3).dtype, np.arange(3.0).dtype)
f32 = np.array([1, 2, 3], dtype=np.float32)
print(f32.dtype, f32.astype(np.int64).dtype)
print(torch.from_numpy(f32).dtype)
print(torch.from_numpy(np.arange(3)).dtype)
print(torch.from_numpy(np.zeros(2)).dtype)
print(torch.tensor([1.5]).numpy().dtype, torch.tensor([1]).numpy().dtype)
print((np.arange(3) / 2).dtype, (np.arange(3) // 2).dtype)
print(np.array([1.9, -1.9]).astype(int))
