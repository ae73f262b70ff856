class Height:
    def __init__(self, cm):
        self.cm = cm

    def __lt__(self, other):
        print("lt", self.cm)
        if isinstance(other, Height):
            return self.cm < other.cm
        return self.cm < other

    def __gt__(self, other):
        print("gt", self.cm)
        if isinstance(other, Height):
            return self.cm > other.cm
        return self.cm > other


h = Height(180)
print(h < 200)
print(200 > h)
print(150 < h)
print(Height(1) > Height(2))
