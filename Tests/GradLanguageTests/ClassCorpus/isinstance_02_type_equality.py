class Base:
    pass


class Child(Base):
    pass


c = Child()
print(type(c) is Child, type(c) is Base, type(c) == Child)
print(isinstance(c, Base), type(c).__name__)
print(type(c)().__class__.__name__)
print(c.__class__ is Child)
print(type(Base()) is not type(c))
