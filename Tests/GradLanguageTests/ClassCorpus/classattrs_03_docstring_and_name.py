class Adam:
    """Adaptive moment estimation."""

    lr = 0.001

    def step(self):
        """Update every parameter once."""
        return "stepped"


print(Adam.__doc__)
print(Adam.step.__doc__)
print(Adam.__name__)
print(Adam().step())
print(Adam.lr, Adam().lr)


class NoDoc:
    pass


print(NoDoc.__doc__)
