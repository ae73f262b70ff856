class Token:
    def __init__(self, kind, text):
        self.kind = kind
        self.text = text

    def __repr__(self):
        return f"Token({self.kind}, {self.text!r})"


toks = [Token("NUM", "12"), Token("OP", "+"), Token("NUM", "7")]
print(toks)
print(tuple(toks[:2]))
print({"first": toks[0]})
print(repr(toks[1]))
print(str(toks[2]))
print([[toks[0]], (toks[1],)])
