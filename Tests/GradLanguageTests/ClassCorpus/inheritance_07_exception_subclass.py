class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"no such key: {key}")
        self.key = key


def lookup(d, key):
    if key not in d:
        raise NotFound(key)
    return d[key]


try:
    lookup({"a": 1}, "b")
except AppError as e:
    print(type(e).__name__, e, e.key)
    print(e.args)
try:
    raise AppError("plain", 2)
except NotFound:
    print("wrong handler")
except AppError as e:
    print("app error", e.args)
print(issubclass(NotFound, Exception), isinstance(NotFound("k"), LookupError))
