class Registry:
    def __init__(self):
        self.data = {}

    def __setitem__(self, key, value):
        print("set", key)
        self.data[key.lower()] = value

    def __getitem__(self, key):
        return self.data[key.lower()]

    def __delitem__(self, key):
        print("del", key)
        del self.data[key.lower()]

    def __len__(self):
        return len(self.data)


r = Registry()
r["Alpha"] = 1
r["BETA"] = 2
r["alpha"] += 10
print(r["ALPHA"], r["beta"], len(r))
del r["Beta"]
print(len(r), r.data)
try:
    r["gamma"]
except KeyError as e:
    print("KeyError", e)
