class Label:
    def __init__(self, text):
        self.text = text

    def __str__(self):
        return "<" + self.text + ">"


x = Label("hi")
print(x)
print(f"[{x}]")
print(str(x) * 2)
r = repr(x)
print(r.startswith("<__main__.Label object at "), r.endswith(">"))
