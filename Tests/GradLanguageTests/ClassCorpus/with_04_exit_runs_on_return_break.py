class Noisy:
    def __init__(self, tag):
        self.tag = tag

    def __enter__(self):
        print("open", self.tag)
        return self

    def __exit__(self, *info):
        print("close", self.tag)


def find(items, target):
    for i, item in enumerate(items):
        with Noisy(item):
            if item == target:
                return i
    return -1


print(find(["a", "b", "c"], "b"))
for k in range(3):
    with Noisy(k):
        if k == 1:
            break
        continue
print("loop over")
