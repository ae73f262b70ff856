def parse(text):
    return int(text)


def load(items):
    values = []
    for t in items:
        values.append(parse(t))
    return values


def main():
    print("loading")
    values = load(["1", "2", "x3"])
    print(values)


main()
