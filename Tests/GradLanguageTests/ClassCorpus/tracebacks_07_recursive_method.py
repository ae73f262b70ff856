class Countdown:
    def run(self, n):
        if n == 0:
            raise ValueError("liftoff failed")
        print(n)
        return self.run(n - 1)


Countdown().run(3)
print("unreachable")
