class Opener:
    def __init__(self, lines):
        self.lines = lines
        self.closed = False

    def __enter__(self):
        return iter(self.lines)

    def __exit__(self, exc_type, exc, tb):
        self.closed = True
        return None


o = Opener(["x = 1", "y = 2"])
with o as it:
    print(next(it))
    print(o.closed)
print(o.closed, list(it))
