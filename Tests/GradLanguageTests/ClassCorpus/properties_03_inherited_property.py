class Named:
    def __init__(self, first, last):
        self.first = first
        self.last = last

    @property
    def full(self):
        return f"{self.first} {self.last}"


class Titled(Named):
    def __init__(self, title, first, last):
        super().__init__(first, last)
        self.title = title

    @property
    def full(self):
        return self.title + " " + super().full


print(Named("ada", "lovelace").full)
print(Titled("dr", "grace", "hopper").full)
people = [Named("a", "b"), Titled("sir", "c", "d")]
print([p.full for p in people])
