class Box:
    def __init__(self, v):
        self.v = v


b = Box(3)
try:
    b()
except TypeError as e:
    print("TypeError:", e)
try:
    for x in b:
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    len(b)
except TypeError as e:
    print("TypeError:", e)
try:
    b[0]
except TypeError as e:
    print("TypeError:", e)
try:
    b.v()
except TypeError as e:
    print("TypeError:", e)
