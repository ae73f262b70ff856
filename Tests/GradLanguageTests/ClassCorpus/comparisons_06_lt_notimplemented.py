class Weight:
    def __init__(self, kg):
        self.kg = kg

    def __lt__(self, other):
        if not isinstance(other, Weight):
            return NotImplemented
        return self.kg < other.kg


print(Weight(1) < Weight(2))
print(Weight(3) > Weight(2))
try:
    Weight(1) < "heavy"
except TypeError as e:
    print(e)
try:
    Weight(1) <= Weight(2)
except TypeError as e:
    print(e)
