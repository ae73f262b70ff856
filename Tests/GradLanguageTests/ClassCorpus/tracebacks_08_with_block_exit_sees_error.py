class Logged:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit saw", exc_type.__name__)
        return False


def work(d):
    with Logged():
        return d["missing"]


work({})
