class Cat:
    pass


class Dog:
    pass


class Puppy(Dog):
    pass


pets = [Cat(), Dog(), Puppy(), 3, "x"]
for p in pets:
    print(type(p).__name__, isinstance(p, (Cat, Dog)), isinstance(p, (int, str)))
print(isinstance(Puppy(), (Cat, (int, Dog))))
print(issubclass(Puppy, (Cat, Dog)), issubclass(Cat, (Dog, int)))
