import torch
import torch.nn as nn


class Affine(nn.Module):
    def __init__(self, weight, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.tensor(weight))
        self.bias = nn.Parameter(torch.tensor(bias))

    def forward(self, x):
        return x * self.weight + self.bias

    def extra_repr(self):
        return f"weight={self.weight.item()}, bias={self.bias.item()}"


def main():
    model = Affine(2.0, -1.0)
    print(model)
    print(model(torch.tensor([0.0, 1.0, 2.0])).tolist())
    print(sorted(model.state_dict()))


print(__name__)
if __name__ == "__main__":
    main()
