class Dot:
    def __init__(self, n):
        self.n = n

    def __str__(self):
        return "." * self.n

    def __repr__(self):
        return f"Dot({self.n})"


dots = [Dot(1), Dot(2), Dot(3)]
print(*dots)
print(*dots, sep="|")
print(*dots, sep="", end="!\n")
print(dots, dots[0])
for d in dots:
    print(d, end=" ")
print()
