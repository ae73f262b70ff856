import torch
import torch.nn as nn

rnn = nn.RNN(1, 1, bias=False)
with torch.no_grad():
    rnn.weight_ih_l0.fill_(1.0)
    rnn.weight_hh_l0.fill_(0.5)
x = torch.tensor([[[1.0]], [[0.0]], [[-1.0]]])
output, h_n = rnn(x)

h = torch.zeros(1)
manual = []
for t in range(3):
    h = torch.tanh(x[t, 0] * 1.0 + h * 0.5)
    manual.append(round(h.item(), 4))
print([round(v, 4) for v in output.flatten().tolist()])
print(manual)
print(round(h_n.item(), 4))
