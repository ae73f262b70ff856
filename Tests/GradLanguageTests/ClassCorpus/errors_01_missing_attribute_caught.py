class Robot:
    def __init__(self):
        self.battery = 100


r = Robot()
try:
    print(r.speed)
except AttributeError as e:
    print("AttributeError:", e)
try:
    Robot.fly()
except AttributeError as e:
    print("AttributeError:", e)
try:
    r.battery.charge()
except AttributeError as e:
    print("AttributeError:", e)
r.speed = 3
print(r.speed, r.battery)
