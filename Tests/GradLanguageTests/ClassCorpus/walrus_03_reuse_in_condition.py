class Parser:
    def __init__(self, text):
        self.words = text.split()

    def longest(self):
        return max(self.words, key=len) if self.words else ""


for text in ["tiny", "a much longer sentence here", ""]:
    if (w := Parser(text).longest()) and len(w) > 4:
        print("long word:", w)
    elif w:
        print("short word:", w)
    else:
        print("no words")
print((total := 10) + total)
