class Config:
    def __init__(self, lr, epochs=10):
        self.lr = lr
        self.epochs = epochs


c = Config(lr=0.1)
print(c.lr, c.epochs)
try:
    Config(epochs=3)
except TypeError as e:
    print("TypeError:", e)
try:
    Config(0.1, rate=2)
except TypeError as e:
    print("TypeError:", e)
try:
    Config(0.1, lr=0.2)
except TypeError as e:
    print("TypeError:", e)
