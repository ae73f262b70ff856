class Suppress:
    def __init__(self, kind):
        self.kind = kind

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, self.kind):
            print("suppressed", exc_type.__name__, exc)
            return True
        return False


with Suppress(ZeroDivisionError):
    print("before")
    1 / 0
    print("never")
print("continues")
try:
    with Suppress(ZeroDivisionError):
        [][1]
except IndexError as e:
    print("escaped:", e)
with Suppress(LookupError):
    {}["missing"]
print("end")
