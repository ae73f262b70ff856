class Step:
    def __init__(self, lr, loss):
        self.lr = lr
        self.loss = loss

    def report(self):
        return f"{self.lr=} {self.loss=:.3f}"


for s in [Step(0.1, 1.23456), Step(0.01, 0.5)]:
    print(s.report())
items = [1, 2]
print(f"{len(items)=} {items[-1]=}")
