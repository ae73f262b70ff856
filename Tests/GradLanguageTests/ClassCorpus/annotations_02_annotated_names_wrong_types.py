def f(n: int) -> str:
    return n * 2


class Box:
    contents: list = []

    def put(self, item: "anything") -> None:
        self.contents = self.contents + [item]
        return len(self.contents)


value: str = 42
print(value + 1)
print(f(3.5))
b = Box()
print(b.put("x"), b.put(None), Box.contents, b.contents)
