class Greeter:
    def greet(self, name):
        return "hi " + name

    def shout(self):
        return "HEY"


g = Greeter()
print(g.greet("ann"))
try:
    g.greet()
except TypeError as e:
    print("TypeError:", e)
try:
    g.shout("extra")
except TypeError as e:
    print("TypeError:", e)
try:
    Greeter.greet("no self")
except TypeError as e:
    print("TypeError:", e)
