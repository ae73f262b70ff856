class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, step=1):
        self.count += step
        return self.count


tick = Counter()
print(tick())
print(tick())
print(tick(10))
print(tick(step=-5))
print(tick.count, Counter()())
