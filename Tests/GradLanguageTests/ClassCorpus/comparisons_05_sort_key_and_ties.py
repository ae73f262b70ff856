class Student:
    def __init__(self, name, grade):
        self.name = name
        self.grade = grade

    def __repr__(self):
        return f"{self.name}:{self.grade}"


roster = [Student("ada", 90), Student("bob", 85), Student("cy", 90), Student("di", 70)]
print(sorted(roster, key=lambda s: s.grade))
print(sorted(roster, key=lambda s: (-s.grade, s.name)))
print(max(roster, key=lambda s: s.grade))
try:
    sorted(roster)
except TypeError as e:
    print("TypeError:", e)
