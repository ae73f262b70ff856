class Maths:
    @staticmethod
    def clamp(x, lo, hi):
        return max(lo, min(hi, x))

    @staticmethod
    def mean(values):
        return sum(values) / len(values)

    def use(self):
        return self.clamp(15, 0, 10)


print(Maths.clamp(-3, 0, 10), Maths.clamp(5, 0, 10))
print(Maths().clamp(99, 0, 10))
print(Maths.mean([1, 2, 3, 4]))
print(Maths().use())
