def tag(name):
    def decorate(fn):
        print("decorating with", name)
        def wrapper():
            return f"<{name}>{fn()}</{name}>"
        return wrapper
    return decorate


@tag("b")
@tag("i")
def text():
    return "word"


print("defined")
print(text())
