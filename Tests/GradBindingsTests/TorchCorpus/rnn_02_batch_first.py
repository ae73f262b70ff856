import torch
import torch.nn as nn

torch.manual_seed(1)
rnn = nn.RNN(3, 5, batch_first=True)
print(rnn)
x = torch.randn(2, 7, 3)  # batch, seq, features
output, h_n = rnn(x)
print(output.shape)
print(h_n.shape)
print(torch.allclose(output[:, -1, :], h_n[0]))
gru = nn.GRU(3, 4, batch_first=True, num_layers=2)
out, h = gru(x)
print(out.shape, h.shape)
