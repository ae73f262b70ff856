import torch.nn as nn


class Tiny(nn.Module):
    def __init__(self, vocab, dim, hidden):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim)
        self.hidden = nn.Linear(3 * dim, hidden)
        self.out = nn.Linear(hidden, vocab)


model = Tiny(vocab=27, dim=10, hidden=64)
total = sum(p.numel() for p in model.parameters())
print(total)
for name, p in model.named_parameters():
    print(f"{name:15s} {str(tuple(p.shape)):10s} {p.numel()}")
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(trainable == total)
