import torch.nn as nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.act = nn.Tanh()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4)
        self.block = Block()
        self.out = nn.Linear(4, 10)


net = Net()
print([type(m).__name__ for m in net.children()])
print([type(m).__name__ for m in net.modules()])
print([name for name, _ in net.named_children()])
print([name for name, _ in net.named_modules()])
print(len(list(net.block.parameters())))
