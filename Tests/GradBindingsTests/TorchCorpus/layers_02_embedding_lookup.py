import torch
import torch.nn as nn

emb = nn.Embedding(5, 3)
print(emb)
print(emb.weight.shape, emb.num_embeddings, emb.embedding_dim)
with torch.no_grad():
    emb.weight.copy_(torch.arange(15.0).view(5, 3))
idx = torch.tensor([[0, 4], [2, 2]])
out = emb(idx)
print(out.shape)
print(out)
out.sum().backward()
print(emb.weight.grad)
