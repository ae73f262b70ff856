class Record:
    def __init__(self, name, *scores):
        self.name = name
        self.scores = scores

    def __iter__(self):
        yield self.name
        yield from self.scores


records = [Record("ann", 90, 80, 70), Record("bob", 60), Record("cy", 75, 85)]
for name, *scores in records:
    print(name, scores, sum(scores) / len(scores))
(p, *q), r = [1, 2, 3], "s"
print(p, q, r)
try:
    u, v, *w = [1]
except ValueError as e:
    print("ValueError:", e)
