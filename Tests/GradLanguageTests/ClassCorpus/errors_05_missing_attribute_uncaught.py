class Engine:
    def __init__(self):
        self.rpm = 800

    def rev(self):
        self.rpm += 1000
        return self.rpm


e = Engine()
print(e.rev())
print(e.horsepower)
print("unreachable")
