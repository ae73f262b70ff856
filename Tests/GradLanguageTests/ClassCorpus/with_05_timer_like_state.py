class Indent:
    level = 0

    def __enter__(self):
        Indent.level += 1
        return self

    def __exit__(self, exc_type, exc, tb):
        Indent.level -= 1

    def say(self, text):
        print("  " * Indent.level + text)


with Indent() as a:
    a.say("one")
    with Indent() as b:
        b.say("two")
        with Indent() as c:
            c.say("three")
        b.say("two again")
    a.say("one again")
print(Indent.level)
