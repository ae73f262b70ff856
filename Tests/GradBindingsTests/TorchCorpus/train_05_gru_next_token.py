import torch
import torch.nn as nn


class CharGRU(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, h=None):
        out, h = self.gru(self.embed(x), h)
        return self.head(out), h


torch.manual_seed(7)
seq = torch.tensor([[0, 1, 2, 3, 0, 1, 2, 3, 0]])
model = CharGRU(4, 12)
opt = torch.optim.Adam(model.parameters(), lr=0.03)
losses = []
for step in range(60):
    logits, h = model(seq[:, :-1])
    loss = nn.functional.cross_entropy(logits.reshape(-1, 4), seq[:, 1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())
print(logits.shape, h.shape)
print(losses[-1] < 0.1, losses[-1] < losses[0])
print(logits.argmax(dim=-1).tolist())
