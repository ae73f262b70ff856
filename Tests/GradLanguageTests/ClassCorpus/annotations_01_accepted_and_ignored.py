class Config:
    name: str = "default"
    layers: int = 2
    dropout: float

    def __init__(self, name: str, layers: int = 3) -> None:
        self.name = name
        self.layers: int = layers

    def describe(self) -> str:
        width: int = 10
        return f"{self.name:<10}|{self.layers}" + "." * (width - 10)


def scale(x: float, k: "number" = 2) -> float:
    y: float = x * k
    return y


print(Config("mlp").describe())
print(Config.name, Config.layers)
print(scale(1.5), scale(2, k=3))
count: int
count = 4
print(count)
