import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(27, 8)
        self.layers = nn.Sequential(
            nn.Linear(8, 16),
            nn.Tanh(),
            nn.Dropout(0.1),
            nn.Linear(16, 27, bias=False),
        )


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.rnn = nn.LSTM(8, 16, num_layers=2)
        self.heads = nn.ModuleList([nn.Linear(16, 2) for _ in range(2)])


print(Model())
print(nn.ReLU())
print(nn.Embedding(5, 3))
