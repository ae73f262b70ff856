class Range2:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return Range2Iter(self.n)


class Range2Iter:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 2
        return self.i - 2


r = Range2(7)
print(list(r))
print(list(r))
print([(a, b) for a in r for b in r if a < b][:4])
it = iter(r)
print(next(it), next(it), list(it))
