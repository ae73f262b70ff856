class Thermostat:
    def __init__(self, target):
        self._target = target

    @property
    def target(self):
        print("get target")
        return self._target

    @target.setter
    def target(self, value):
        print("set target", value)
        if value < 5:
            value = 5
        self._target = value


t = Thermostat(20)
print(t.target)
t.target = 22
print(t.target)
t.target = -3
print(t._target)
t.target += 1
print(t._target)
