class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return len(self.calls)


rec = Recorder()
rec(1, 2)
rec()
rec("x", key="v")
n = rec(*[4, 5], **{"a": 1})
print(n)
for call in rec.calls:
    print(call)
