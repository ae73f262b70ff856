class Strict:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is KeyError:
            raise RuntimeError("translated " + str(exc))
        return False


try:
    with Strict():
        {}["k"]
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    with Strict():
        raise TypeError("kept")
except TypeError as e:
    print("TypeError:", e)
