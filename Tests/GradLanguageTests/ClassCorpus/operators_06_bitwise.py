class Flags:
    names = ["read", "write", "exec"]

    def __init__(self, bits):
        self.bits = bits

    def __or__(self, other):
        return Flags(self.bits | other.bits)

    def __and__(self, other):
        return Flags(self.bits & other.bits)

    def __xor__(self, other):
        return Flags(self.bits ^ other.bits)

    def __invert__(self):
        return Flags(~self.bits & 7)

    def __lshift__(self, n):
        return Flags((self.bits << n) & 7)

    def __repr__(self):
        on = [n for i, n in enumerate(self.names) if self.bits >> i & 1]
        return "Flags(" + "|".join(on) + ")"


r, w, x = Flags(1), Flags(2), Flags(4)
print(r | w)
print((r | w) & w)
print((r | w) ^ (w | x))
print(~r)
print(r << 2)
print(Flags(0))
