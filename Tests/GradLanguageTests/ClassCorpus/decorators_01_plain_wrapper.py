def shout(fn):
    def wrapper(*args):
        result = fn(*args)
        return result.upper() + "!"
    return wrapper


@shout
def greet(name):
    return "hello " + name


@shout
def farewell(a, b):
    return f"bye {a} and {b}"


print(greet("ann"))
print(farewell("bo", "cy"))
