class Forgetful:
    def __init__(self):
        self.n = 0

    def __iadd__(self, k):
        self.n += k


f = Forgetful()
g = f
f += 3
print(f)
print(g.n)
