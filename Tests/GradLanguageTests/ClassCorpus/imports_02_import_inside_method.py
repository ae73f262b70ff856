class Geometry:
    def hyp(self, a, b):
        import math
        return math.sqrt(a * a + b * b)

    def angle(self):
        from math import pi as half_turn
        return half_turn / 2


g = Geometry()
print(g.hyp(3, 4))
print(round(g.angle(), 8))
