class Poly:
    """A polynomial in one variable, coefficients lowest first."""

    def __init__(self, coeffs):
        self.coeffs = list(coeffs)

    def __neg__(self):
        return Poly([-c for c in self.coeffs])

    def __pos__(self):
        return Poly(self.coeffs)

    def __mul__(self, other):
        out = [0] * (len(self.coeffs) + len(other.coeffs) - 1)
        for i, a in enumerate(self.coeffs):
            for j, b in enumerate(other.coeffs):
                out[i + j] += a * b
        return Poly(out)

    def __pow__(self, n):
        result = Poly([1])
        for _ in range(n):
            result = result * self
        return result

    def __repr__(self):
        return f"Poly({self.coeffs})"


p = Poly([1, 1])
print(p ** 2)
print(p ** 3)
print(-p)
print(+p, (+p) is p)
print(-(p ** 0))
