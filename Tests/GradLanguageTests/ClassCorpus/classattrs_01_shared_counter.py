class Ticket:
    issued = 0
    prefix = "T"

    def __init__(self):
        Ticket.issued += 1
        self.number = Ticket.issued

    def code(self):
        return f"{self.prefix}{self.number:03d}"


a, b, c = Ticket(), Ticket(), Ticket()
print(a.code(), b.code(), c.code())
print(Ticket.issued, a.issued)
c.prefix = "VIP"
print(c.code(), a.code(), Ticket.prefix)
