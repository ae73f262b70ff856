class EvenNumbers:
    def __contains__(self, n):
        print("checking", n)
        return n % 2 == 0


evens = EvenNumbers()
print(4 in evens)
print(7 in evens)
print(7 not in evens)
print([n for n in range(6) if n in evens])
