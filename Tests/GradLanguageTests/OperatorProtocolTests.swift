import Testing

@testable import GradLanguage

/// Python's operators, built-ins and statements reaching a class's special methods.
@Suite struct OperatorProtocolTests {
  static let vector = """
    class V:
        def __init__(self, x): self.x = x
        def __add__(self, o):
            if isinstance(o, V): return V(self.x + o.x)
            if isinstance(o, (int, float)): return V(self.x + o)
            return NotImplemented
        def __radd__(self, o): return V(o + self.x) if isinstance(o, (int, float)) else NotImplemented
        def __sub__(self, o): return V(self.x - (o.x if isinstance(o, V) else o))
        def __rsub__(self, o): return V(o - self.x)
        def __mul__(self, o): return V(self.x * o)
        def __rmul__(self, o): return V(o * self.x)
        def __truediv__(self, o): return V(self.x / o)
        def __rtruediv__(self, o): return V(o / self.x)
        def __floordiv__(self, o): return V(self.x // o)
        def __mod__(self, o): return V(self.x % o)
        def __pow__(self, o): return V(self.x ** o)
        def __rpow__(self, o): return V(o ** self.x)
        def __matmul__(self, o): return self.x * o.x
        def __neg__(self): return V(-self.x)
        def __pos__(self): return self
        def __abs__(self): return V(abs(self.x))
        def __lt__(self, o): return self.x < o.x
        def __le__(self, o): return self.x <= o.x
        def __eq__(self, o): return isinstance(o, V) and self.x == o.x
        def __repr__(self): return f'V({self.x})'
    """

  @Test func binaryAndReflectedOperators() {
    let out = run(
      OperatorProtocolTests.vector,
      "a = V(6)", "b = V(4)",
      "print(a + b, a + 1, 1 + a, a - 1, 10 - a, a * 2, 2 * a, a / 4, 3 / a)",
      "print(a // 4, a % 4, a ** 2, 2 ** V(3), a @ b, -a, +a, abs(V(-2)))",
      "print(2.5 * a, Value(1.0) * V(2) if False else 'skip')")
    #expect(
      out == "V(10) V(7) V(7) V(5) V(4) V(12) V(12) V(1.5) V(0.5)\n"
        + "V(1) V(2) V(36) V(8) 24 V(-6) V(6) V(2)\nV(15.0) skip\n")
  }

  @Test func notImplementedFallsThroughToTypeError() {
    let out = run(
      OperatorProtocolTests.vector, "class W: pass", "V(1) + 'x'", "'x' + V(1)", "V(1) + W()",
      "W() - W()", "-W()")
    #expect(
      out == "TypeError: unsupported operand type(s) for +: 'V' and 'str'\n"
        + "TypeError: unsupported operand type(s) for +: 'str' and 'V'\n"
        + "TypeError: unsupported operand type(s) for +: 'V' and 'W'\n"
        + "TypeError: unsupported operand type(s) for -: 'W' and 'W'\n"
        + "TypeError: bad operand type for unary -: 'W'\n")
  }

  @Test func inPlaceFormsFallBackToBinary() {
    let out = run(
      OperatorProtocolTests.vector, "c = V(1)", "d = c", "c += c + 1", "print(c, d)",
      "class Acc:\n    def __init__(self): self.n = 0\n    def __iadd__(self, k):\n"
        + "        self.n += k\n        return self",
      "acc = Acc()", "same = acc", "acc += 5", "print(acc.n, acc is same)")
    #expect(out == "V(3) V(1)\n5 True\n")
  }

  @Test func comparisonsReflectAndEqualityDefaultsToIdentity() {
    let out = run(
      OperatorProtocolTests.vector, "class P: pass",
      "print(V(1) < V(2), V(2) > V(1), V(1) <= V(1), V(3) >= V(4), V(1) == V(1), V(1) != V(1))",
      "p = P()", "print(p == p, p == P(), p != P(), sorted([V(3), V(1), V(2)]))",
      "print(V(2) in [V(1), V(2)], max([V(5), V(9), V(2)]))", "P() < P()")
    #expect(
      out == "True True True False True False\nTrue False True [V(1), V(2), V(3)]\n"
        + "True V(9)\nTypeError: '<' not supported between instances of 'P' and 'P'\n")
  }

  @Test func hashingByIdentityAndUnhashableWithEq() {
    let out = run(
      OperatorProtocolTests.vector, "class P: pass", "p, q = P(), P()",
      "s = {p, q, p}", "d = {p: 1}", "visited = set()", "visited.add(q)",
      "print(len(s), d[p], q in visited, p in visited)", "{V(1)}",
      "class K:\n    def __init__(self, k): self.k = k\n    def __hash__(self): return hash(self.k)\n"
        + "    def __eq__(self, o): return self.k == o.k",
      "print({K(1): 'one'}[K(1)], K(2) in {K(1)}, len({K(1), K(1)}))")
    #expect(
      out == "2 1 True False\nTypeError: unhashable type: 'V'\none False 1\n")
  }

  @Test func reprStrAndFormatting() {
    let out = run(
      "class S:\n    def __repr__(self): return 'S<r>'\n    def __str__(self): return 'S<s>'",
      "class R:\n    def __repr__(self): return 'R<r>'", "s = S()",
      "print(s, repr(s), str(s), f'{s}|{s!r}', [s], R(), str(R()))", "s", "'%s %r' % (s, s)",
      "class Bad:\n    def __repr__(self): return 3", "Bad()")
    #expect(
      out == "S<s> S<r> S<s> S<s>|S<r> [S<r>] R<r> R<r>\nS<r>\n'S<s> S<r>'\n"
        + "TypeError: __repr__ returned non-string (type int)\n")
  }

  @Test func truthinessLengthCallAndItems() {
    let out = run(
      """
      class Bag:
          def __init__(self, items): self.items = list(items)
          def __len__(self): return len(self.items)
          def __getitem__(self, i): return self.items[i]
          def __setitem__(self, i, v): self.items[i] = v
          def __delitem__(self, i): del self.items[i]
          def __contains__(self, x): return x in self.items
          def __call__(self, k): return k * len(self.items)
      class Flag:
          def __init__(self, on): self.on = on
          def __bool__(self): return self.on
      """,
      "b = Bag('abc')", "b[0] = 'z'", "del b[1]",
      "print(len(b), b[0], b[-1], 'z' in b, 'b' in b, b(2), list(b), bool(b), bool(Bag('')))",
      "print('on' if Flag(True) else 'off', not Flag(False), Flag(False) or 'x', any([Flag(True)]))",
      "class Plain: pass", "Plain()[0]", "len(Plain())", "Plain()()")
    #expect(
      out == "2 z c True False 4 ['z', 'c'] True False\non True x True\n"
        + "TypeError: 'Plain' object is not subscriptable\n"
        + "TypeError: object of type 'Plain' has no len()\n"
        + "TypeError: 'Plain' object is not callable\n")
  }

  @Test func iterationProtocol() {
    let out = run(
      """
      class Count:
          def __init__(self, n): self.n = n
          def __iter__(self):
              self.i = 0
              return self
          def __next__(self):
              if self.i >= self.n:
                  raise StopIteration
              self.i += 1
              return self.i
      class Wrap:
          def __init__(self, xs): self.xs = xs
          def __iter__(self): return iter(self.xs)
      """,
      "for k in Count(3): print(k)",
      "print(list(Count(2)), [x * x for x in Count(3)], sum(Count(4)), 3 in Count(5))",
      "it = iter(Wrap([7, 8]))", "print(next(it), next(it), next(it, 'done'), list(Wrap('ab')))")
    #expect(out == "1\n2\n3\n[1, 2] [1, 4, 9] 10 True\n7 8 done ['a', 'b']\n")
  }

  @Test func withStatement() {
    let out = run(
      """
      class Ctx:
          def __init__(self, name, swallow=False):
              self.name = name
              self.swallow = swallow
          def __enter__(self):
              print('enter', self.name)
              return self.name.upper()
          def __exit__(self, kind, value, tb):
              print('exit', self.name, kind, value, tb and type(tb).__name__)
              return self.swallow
      def early():
          with Ctx('r'):
              return 'returned'
      """,
      "with Ctx('a') as x, Ctx('b') as y:\n    print('body', x, y)",
      "with Ctx('s', True):\n    1 / 0", "print(early())",
      "try:\n    with Ctx('n'):\n        raise ValueError('bad')\nexcept ValueError as e:\n"
        + "    print('caught', e)",
      "with 3: pass")
    #expect(
      out == "enter a\nenter b\nbody A B\nexit b None None None\nexit a None None None\n"
        + "enter s\nexit s <class 'ZeroDivisionError'> division by zero traceback\n"
        + "enter r\nexit r None None None\nreturned\n"
        + "enter n\nexit n <class 'ValueError'> bad traceback\ncaught bad\n"
        + "TypeError: 'int' object does not support the context manager protocol\n")
  }

  @Test func boundMethodsShowTheirReceiver() {
    let out = run(
      "class Foo:\n    def m(self): pass\n    def __repr__(self): return 'Foo()'", "Foo().m")
    #expect(out == "<bound method Foo.m of Foo()>\n")
  }

  @Test func builtinValueMixesThroughTheDunders() {
    let out = run(
      "class Half:\n    def __rmul__(self, o): return o * 0.5\n"
        + "    def __radd__(self, o): return o + 0.5",
      "v = Value(2.0)", "print(v * Half(), v + Half(), 3 * Half())")
    #expect(out == "Value(data=1.0, grad=0.0) Value(data=2.5, grad=0.0) 1.5\n")
  }
}
