class MyError(ValueError):
    pass


e = MyError("bad value")
print(isinstance(e, MyError), isinstance(e, ValueError), isinstance(e, Exception))
print(isinstance(e, (TypeError, KeyError)))
print(issubclass(MyError, ValueError), issubclass(ValueError, MyError))
try:
    raise e
except ValueError as caught:
    print("caught as ValueError:", caught, type(caught).__name__)
print(isinstance(True, int), isinstance(1, bool))
