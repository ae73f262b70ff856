class Token:
    @staticmethod
    def normalise(text):
        return text.strip().lower()

    def __init__(self, text):
        self.text = Token.normalise(text)
        self.length = len(self.text)

    def __repr__(self):
        return f"Token({self.text!r}, {self.length})"


print([Token(w) for w in ["  Hello", "WORLD  ", " Mixed Case "]])
print(Token.normalise("  X "))
f = Token.normalise
print(f("ABC"))
