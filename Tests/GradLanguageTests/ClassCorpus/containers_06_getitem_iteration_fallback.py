class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i


s = Squares()
print(list(s))
for v in s:
    print(v, end=",")
print()
print(9 in s, 10 in s)
a, b, *rest = s
print(a, b, rest)
