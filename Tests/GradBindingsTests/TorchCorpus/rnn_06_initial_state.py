import torch
import torch.nn as nn

rnn = nn.RNN(2, 2, bias=False)
nn.init.zeros_(rnn.weight_ih_l0)
nn.init.eye_(rnn.weight_hh_l0)
x = torch.zeros(3, 1, 2)
h0 = torch.tensor([[[0.5, -0.5]]])
output, h_n = rnn(x, h0)
print(output.shape)
print([round(v, 4) for v in h_n.flatten().tolist()])
zero_out, zero_h = rnn(x)
print(zero_h.detach())
print(torch.equal(output[0, 0], torch.tanh(h0[0, 0])))
