class Base:
    def __init__(self, v):
        self.v = v

    def __mul__(self, other):
        print("Base.__mul__")
        return Base(self.v * other.v)

    def __rmul__(self, other):
        print("Base.__rmul__")
        return Base(self.v * other.v)


class Derived(Base):
    def __rmul__(self, other):
        print("Derived.__rmul__")
        return Derived(self.v * other.v * 10)


r = Base(2) * Derived(3)
print(type(r).__name__, r.v)
r = Derived(3) * Base(2)
print(type(r).__name__, r.v)
r = Base(2) * Base(3)
print(type(r).__name__, r.v)
