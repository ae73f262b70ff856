def maybe(n):
    if n > 0:
        yield n


def first_match(items, pred):
    for x in items:
        if pred(x):
            yield x


print(next(maybe(3), None), next(maybe(0), None))
words = ["apple", "kiwi", "banana"]
print(next(first_match(words, lambda w: len(w) == 4), "none"))
print(next(first_match(words, lambda w: w.startswith("z")), "none"))
g = maybe(1)
print(next(g, "a"), next(g, "b"), next(g, "c"))
