class Base:
    def who(self):
        return "base"

    def greet(self):
        return "hello from " + self.who()


class Middle(Base):
    def who(self):
        return "middle"


class Leaf(Middle):
    pass


class Other(Leaf):
    def greet(self):
        return super().greet().upper()


print(Leaf().greet())
print(Other().greet())
print(Base().greet())
print(issubclass(Leaf, Base), issubclass(Base, Leaf), issubclass(Leaf, Leaf))
print(isinstance(Other(), Middle))
