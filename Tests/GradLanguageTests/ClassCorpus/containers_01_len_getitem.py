class Deck:
    def __init__(self):
        self.cards = [r + s for s in "SH" for r in "A23"]

    def __len__(self):
        return len(self.cards)

    def __getitem__(self, i):
        return self.cards[i]


d = Deck()
print(len(d))
print(d[0], d[-1], d[2])
print(d[1:4])
print(list(d))
for card in d:
    print(card, end=" ")
print()
print("2H" in d, "KS" in d)
