import torch
import torch.nn as nn

torch.manual_seed(2)
lstm = nn.LSTM(input_size=2, hidden_size=3, num_layers=2)
print(lstm)
x = torch.randn(4, 1, 2)
output, (h_n, c_n) = lstm(x)
print(output.shape, h_n.shape, c_n.shape)
print(torch.allclose(output[-1], h_n[-1]))
result = lstm(x)
print(type(result).__name__, len(result), type(result[1]).__name__)
h0 = torch.zeros(2, 1, 3)
c0 = torch.zeros(2, 1, 3)
again, (h1, c1) = lstm(x, (h0, c0))
print(torch.allclose(again, output), torch.allclose(c1, c_n))
print([tuple(p.shape) for name, p in lstm.named_parameters() if name.endswith("l0")])
