import torch
import torch.nn as nn

torch.manual_seed(3)
gru = nn.GRU(input_size=3, hidden_size=2)
print(gru)
print([name for name, _ in gru.named_parameters()])
print(gru.weight_ih_l0.shape, gru.weight_hh_l0.shape)
x = torch.randn(6, 4, 3)
output, h_n = gru(x)
print(output.shape, h_n.shape)
print(torch.equal(output[-1], h_n[0]))
h0 = torch.ones(1, 4, 2)
out2, _ = gru(x, h0)
print(out2.shape, torch.allclose(out2, output))
