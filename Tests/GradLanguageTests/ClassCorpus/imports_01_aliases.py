import math as m
from math import sqrt as root, pi
import random as rnd


class Circle:
    def __init__(self, r):
        self.r = r

    def area(self):
        return round(pi * self.r ** 2, 6)

    def diagonal_of_square(self):
        return round(root(2) * self.r, 6)


c = Circle(2)
print(c.area(), c.diagonal_of_square())
print(m.floor(2.7), m.ceil(2.1))
rnd.seed(1337)
print(type(rnd.random()).__name__)
