class Probability:
    def __init__(self, p):
        assert 0 <= p <= 1, f"probability out of range: {p}"
        self.p = p


print(Probability(0.25).p)
print(Probability(1).p)
Probability(1.5)
print("unreachable")
