class Sensor:
    def __init__(self, readings):
        self.readings = readings
        self.calls = 0

    def read(self, i):
        self.calls += 1
        return self.readings[i] * 10


s = Sensor([1, 5, 2, 7])
high = [y for i in range(4) if (y := s.read(i)) > 20]
print(high, s.calls, y)
values = [last := v * 2 for v in range(3)]
print(values, last)
