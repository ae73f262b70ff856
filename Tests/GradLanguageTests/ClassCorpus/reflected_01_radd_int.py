class Score:
    def __init__(self, points):
        self.points = points

    def __add__(self, other):
        print("__add__", other if isinstance(other, int) else "Score")
        if isinstance(other, Score):
            return Score(self.points + other.points)
        return Score(self.points + other)

    def __radd__(self, other):
        print("__radd__", other)
        return Score(other + self.points)

    def __repr__(self):
        return f"Score({self.points})"


s = Score(10)
print(s + 5)
print(5 + s)
print(s + Score(1))
print(sum([Score(1), Score(2), Score(3)]))
