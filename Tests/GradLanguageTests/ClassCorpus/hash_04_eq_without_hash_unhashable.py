class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __eq__(self, other):
        return self.a == other.a and self.b == other.b


print(Pair(1, 2) == Pair(1, 2))
print(Pair.__hash__ is None)
try:
    {Pair(1, 2)}
except TypeError as e:
    print("TypeError:", e)
try:
    d = {Pair(1, 2): "x"}
except TypeError as e:
    print("TypeError:", e)
