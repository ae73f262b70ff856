class Queue:
    def __init__(self, items):
        self.items = list(items)

    def take(self):
        return self.items.pop(0) if self.items else None


q = Queue(["a", "b", "c"])
while (item := q.take()) is not None:
    print("took", item)
print(item)
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list of", n)
