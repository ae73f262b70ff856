class Temp:
    def __init__(self, deg):
        self.deg = deg

    def __neg__(self):
        print("neg called")
        return Temp(-self.deg)

    def __abs__(self):
        return Temp(abs(self.deg))

    def __repr__(self):
        return f"Temp({self.deg})"


t = Temp(-12)
print(abs(t))
print(-t)
print(-(-t))
print(abs(-Temp(3)))
