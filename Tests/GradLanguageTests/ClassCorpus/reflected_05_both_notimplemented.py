class Apple:
    def __add__(self, other):
        return NotImplemented

    def __radd__(self, other):
        return NotImplemented


class Pear:
    pass


for left, right in [(Apple(), Pear()), (Pear(), Apple()), (Apple(), 3), (3, Apple())]:
    try:
        left + right
    except TypeError as e:
        print(e)
print(NotImplemented)
print(type(NotImplemented).__name__)
