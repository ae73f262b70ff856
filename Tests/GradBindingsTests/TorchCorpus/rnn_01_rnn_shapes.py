import torch
import torch.nn as nn

torch.manual_seed(0)
rnn = nn.RNN(input_size=4, hidden_size=3)
print(rnn)
x = torch.randn(5, 2, 4)  # seq, batch, features
output, h_n = rnn(x)
print(output.shape, h_n.shape)
print(torch.equal(output[-1], h_n[0]))
print(bool((output.abs() < 1).all()))
print([name for name, _ in rnn.named_parameters()])
print([tuple(p.shape) for p in rnn.parameters()])
