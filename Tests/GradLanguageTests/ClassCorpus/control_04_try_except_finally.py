def safe_div(a, b):
    try:
        result = a / b
    except ZeroDivisionError as e:
        print("cannot divide:", e)
        return None
    else:
        print("ok")
        return result
    finally:
        print("finally for", a, b)


print(safe_div(6, 3))
print(safe_div(1, 0))
for text in ["12", "x", "3.5"]:
    try:
        print(int(text) * 2)
    except ValueError as e:
        print("ValueError:", e)
try:
    try:
        {}["k"]
    except KeyError as e:
        raise LookupError("wrapped " + repr(e))
except LookupError as e:
    print(type(e).__name__, e.args)
try:
    raise TypeError("custom", 3)
except (ValueError, TypeError) as e:
    print("caught", repr(e))
