class Dataset:
    def __init__(self, n):
        self.n = n
        self._stats = None

    @property
    def stats(self):
        if self._stats is None:
            print("computing stats")
            xs = list(range(self.n))
            self._stats = (min(xs), max(xs), sum(xs) / len(xs))
        return self._stats


d = Dataset(5)
print("made")
print(d.stats)
print(d.stats)
lo, hi, mean = d.stats
print(lo, hi, mean)
