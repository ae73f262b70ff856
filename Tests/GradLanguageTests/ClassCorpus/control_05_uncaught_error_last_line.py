prices = {"tea": 3, "cake": 5}


def total(order):
    cost = 0
    for item, count in order:
        cost += prices[item] * count
        print("running total", cost)
    return cost


print(total([("tea", 2), ("cake", 1)]))
print(total([("tea", 1), ("scone", 2)]))
print("unreachable")
