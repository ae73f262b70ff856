class Apples:
    def __init__(self, n):
        self.n = n


class Oranges:
    def __init__(self, n):
        self.n = n


basket = [Apples(3), Oranges(4)]
print(sum(x.n for x in basket))
print(basket[0] + basket[1])
