class Team:
    members = []

    def __init__(self, name):
        self.name = name

    def join(self, person):
        self.members.append(person)


class Fixed:
    def __init__(self):
        self.members = []

    def join(self, person):
        self.members.append(person)


x, y = Team("x"), Team("y")
x.join("ann")
y.join("bob")
print(x.members, y.members, x.members is y.members)
p, q = Fixed(), Fixed()
p.join("ann")
q.join("bob")
print(p.members, q.members)
