class A:
    def __add__(self, other):
        print("A.__add__")
        return NotImplemented

    def __repr__(self):
        return "A()"


class B:
    def __radd__(self, other):
        print("B.__radd__ got", other)
        return "B wins"

    def __add__(self, other):
        print("B.__add__")
        return NotImplemented


print(A() + B())
print(1 + B())
try:
    B() + A()
except TypeError as e:
    print("TypeError:", e)
