class Counter:
    made = 0

    def __init__(self, n):
        Counter.made += 1
        self.n = n

    def __add__(self, other):
        return Counter(self.n + other.n)

    def __mul__(self, other):
        return Counter(self.n * other.n)


a, b, c = Counter(2), Counter(3), Counter(4)
print(Counter.made)
d = a + b * c
print(d.n, Counter.made)
e = (a + b) * c
print(e.n, Counter.made)
print(a.n, b.n, c.n)
