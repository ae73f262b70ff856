class Celsius:
    def __init__(self, deg):
        self.deg = deg

    def __repr__(self):
        return f"Celsius({self.deg})"

    def __str__(self):
        return f"{self.deg} degrees"


c = Celsius(21.5)
print(c)
print(str(c))
print(repr(c))
print([c])
print(f"{c}")
print(f"{c!r}")
print("today: " + str(c))
print("%s / %r" % (c, c))
print("{} {!r}".format(c, c))
