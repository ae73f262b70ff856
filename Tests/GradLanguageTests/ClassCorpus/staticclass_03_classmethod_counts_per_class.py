class Model:
    created = 0

    def __init__(self):
        type(self).register()

    @classmethod
    def register(cls):
        cls.created = cls.created + 1

    @classmethod
    def report(cls):
        return f"{cls.__name__}: {cls.created}"


class Linear(Model):
    created = 0


Model()
Linear()
Linear()
print(Model.report())
print(Linear.report())
print(Linear().report(), Model.created)
