class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        self.balance += amount
        return self.balance


class Savings(Account):
    def __init__(self, owner, balance=0, rate=0.5):
        super().__init__(owner, balance)
        self.rate = rate

    def deposit(self, amount):
        bonus = amount * self.rate
        return super().deposit(amount + bonus)


s = Savings("ann", 100)
print(s.owner, s.balance, s.rate)
print(s.deposit(10))
print(Account.deposit(s, 10))
t = Savings("bo", rate=0.1)
print(t.deposit(100))
