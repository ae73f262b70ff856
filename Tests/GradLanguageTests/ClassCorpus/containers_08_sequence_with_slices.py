class Sentence:
    def __init__(self, text):
        self.words = text.split()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Sentence(" ".join(self.words[index]))
        return self.words[index]

    def __len__(self):
        return len(self.words)

    def __repr__(self):
        return f"Sentence({' '.join(self.words)!r})"


s = Sentence("the quick brown fox jumps over")
print(s[1])
print(s[1:3])
print(s[::-2])
print(len(s[2:]), s[-1])
print(sorted(s, key=len)[:2])
