class Meters:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        if isinstance(other, Meters):
            return Meters(self.v + other.v)
        return NotImplemented


class Seconds:
    def __init__(self, v):
        self.v = v


print((Meters(1) + Meters(2)).v)
for a, b in [(Meters(1), Seconds(2)), (Seconds(1), Meters(2)), (Seconds(1), Seconds(1))]:
    try:
        a + b
    except TypeError as e:
        print("TypeError:", e)
try:
    Meters(1) * 2
except TypeError as e:
    print("TypeError:", e)
try:
    -Seconds(4)
except TypeError as e:
    print("TypeError:", e)
