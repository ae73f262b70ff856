class Animal:
    def __init__(self, name):
        self.name = name

    def speak(self):
        return "..."

    def describe(self):
        return f"{self.name} says {self.speak()}"


class Dog(Animal):
    def speak(self):
        return "woof"


class Cat(Animal):
    def speak(self):
        return "meow"


for a in [Animal("generic"), Dog("rex"), Cat("tom")]:
    print(a.describe())
print(isinstance(Dog("x"), Animal), isinstance(Animal("y"), Dog))
