import torch
import torch.nn as nn

emb = nn.Embedding(10, 3)
good = torch.tensor([1, 2])
print(good.dtype, emb(good).shape)
# Token ids that went through a float computation are no longer indices.
ids = good * 1.0
print(ids.dtype)
out = emb(ids)
print("not reached", out.shape)
