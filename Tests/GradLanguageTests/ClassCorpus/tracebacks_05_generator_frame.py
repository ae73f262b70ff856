def risky(n):
    for k in range(n, -1, -1):
        yield 12 / k


def consume():
    out = []
    for v in risky(3):
        out.append(v)
        print("got", v)
    return out


consume()
