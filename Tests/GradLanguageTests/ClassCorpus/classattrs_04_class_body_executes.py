print("before class")


class Table:
    print("inside class body")
    squares = [i * i for i in range(4)]
    size = len(squares)
    if size > 3:
        big = True
    else:
        big = False

    def get(self, i):
        return self.squares[i]


print("after class")
print(Table.squares, Table.size, Table.big)
print(Table().get(3))
