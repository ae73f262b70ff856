class Units:
    factors = {"m": 1, "cm": 100}

    @staticmethod
    def factor(unit):
        return Units.factors[unit]

    @classmethod
    def convert(cls, value, unit):
        return value * cls.factor(unit)


def report(pairs):
    for value, unit in pairs:
        print(value, unit, "->", Units.convert(value, unit))


report([(2, "m"), (3, "cm"), (4, "km")])
