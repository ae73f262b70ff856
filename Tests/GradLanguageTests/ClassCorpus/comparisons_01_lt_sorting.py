class Card:
    order = "23456789TJQKA"

    def __init__(self, rank):
        self.rank = rank

    def __lt__(self, other):
        return self.order.index(self.rank) < self.order.index(other.rank)

    def __repr__(self):
        return f"Card({self.rank!r})"


hand = [Card("K"), Card("3"), Card("A"), Card("T"), Card("3")]
print(sorted(hand))
print(sorted(hand, reverse=True))
print(min(hand), max(hand))
print(Card("2") < Card("J"), Card("J") > Card("2"))
hand.sort()
print(hand)
