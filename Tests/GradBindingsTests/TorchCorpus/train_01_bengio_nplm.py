import torch
import torch.nn as nn


class BengioNPLM(nn.Module):
    """y = b + W x + U tanh(d + H x), x the concatenated context embeddings."""

    def __init__(self, vocab_size, context, dim, hidden):
        super().__init__()
        self.C = nn.Embedding(vocab_size, dim)
        self.H = nn.Linear(context * dim, hidden)
        self.U = nn.Linear(hidden, vocab_size, bias=False)
        self.W = nn.Parameter(torch.zeros(context * dim, vocab_size))
        self.b = nn.Parameter(torch.zeros(vocab_size))

    def forward(self, context_ids):
        x = self.C(context_ids).view(context_ids.shape[0], -1)
        return self.b + x @ self.W + self.U(torch.tanh(self.H(x)))


torch.manual_seed(0)
text = "the cat sat on the mat the cat ate the rat".split()
vocab = sorted(set(text))
stoi = {w: i for i, w in enumerate(vocab)}
ids = [stoi[w] for w in text]
X = torch.tensor([ids[i:i + 2] for i in range(len(ids) - 2)])
Y = torch.tensor(ids[2:])
model = BengioNPLM(len(vocab), context=2, dim=4, hidden=8)
print(X.shape, Y.shape, len(vocab))
print([name for name, _ in model.named_parameters()])
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=0.05)
losses = []
for step in range(30):
    logits = model(X)
    loss = loss_fn(logits, Y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
print(logits.shape)
print(losses[-1] < losses[0] / 2)
print(model.W.grad.shape, model.C.weight.grad is not None)
