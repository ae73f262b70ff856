class Inspect:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            print("clean exit", exc, tb)
        else:
            print("type:", exc_type.__name__)
            print("value:", repr(exc))
            print("same object:", type(exc) is exc_type)
            print("has traceback:", tb is not None)


with Inspect():
    pass
try:
    with Inspect():
        raise ValueError("boom", 7)
except ValueError as e:
    print("re-raised", e.args)
