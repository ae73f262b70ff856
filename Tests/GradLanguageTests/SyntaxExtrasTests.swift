import Testing

@testable import GradLanguage

/// Starred targets, `:=`, annotations, f-string fields, `__name__`, assert, global and
/// nonlocal, each as CPython 3.11 prints it.
@Suite struct SyntaxExtrasTests {
  @Test func starredTargetsTakeWhatIsLeft() {
    #expect(
      run(
        "a, *rest = [1, 2, 3]\n*init, last = 'xyz'\nfirst, *mid, end = range(5)",
        "a, rest, init, last, first, mid, end", "[a, *b] = (1,)\nb",
        "for head, *tail in [(1, 2, 3), (4,)]: print(head, tail)",
        "x, *y, z = [1]", "*only, = [1, 2]\nonly", "p, *q = 5")
          == """
          (1, [2, 3], ['x', 'y'], 'z', 0, [1, 2, 3], 4)
          []
          1 [2, 3]
          4 []
          ValueError: not enough values to unpack (expected at least 2, got 1)
          [1, 2]
          TypeError: cannot unpack non-iterable int object

          """)
  }

  @Test func starsSpreadInDisplaysAndAreRefusedElsewhere() {
    #expect(
      run(
        "xs = [1, 2]", "[*xs, *'ab', 0], (*xs,), (0, *range(2)), sorted({*xs, 3})", "*xs",
        "a, *b, *c = xs")
          == """
          ([1, 2, 'a', 'b', 0], (1, 2), (0, 0, 1), [1, 2, 3])
              *xs
              ^
          SyntaxError: can't use starred expression here
              a, *b, *c = xs
                     ^
          SyntaxError: multiple starred expressions in assignment

          """)
  }

  @Test func walrusBindsInTheEnclosingScope() {
    #expect(
      run(
        "if (n := 3) > 2: print('n is', n)",
        "xs = [1, 5, 2, 8]\n[y for x in xs if (y := x * 2) > 4], y",
        "def f(items):\n    total = 0\n    while (k := len(items)) > 0:\n"
          + "        total += items.pop()\n    return total, k",
        "f([1, 2, 3])",
        "def g():\n    [last := v for v in range(3)]\n    return last", "g()",
        "print(z := 7, z)")
          == """
          n is 3
          ([10, 16], 16)
          (6, 0)
          2
          7 7

          """)
  }

  @Test func annotationsAreAcceptedAndIgnored() {
    #expect(
      run(
        "x: int = 3\nz: list[int]\nx", "z",
        "def f(x: float, y: 'Value' = None, *args: int, **kw: str) -> float:\n"
          + "    return x if y is None else y",
        "f(2.0), f(1, 5)", "lambda x: int: x")
          == """
          3
          NameError: name 'z' is not defined
          (2.0, 5)
              lambda x: int: x
                           ^
          SyntaxError: a lambda's parameters cannot have annotations

          """)
  }

  @Test func formatStringFields() {
    #expect(
      run(
        "x = 3.14159\nw = 8\nname = 'loss'",
        "f'{x=}', f'{x=:.3f}', f'{x = }', f'{name!r}', f'{name!s:>6}', f'{x:{w}.2f}|'",
        "f'{name=!s}', f'{x:>{w}}', f'{3 == 3}', f'{x!=1}'")
          == """
          ('x=3.14159', 'x=3.142', 'x = 3.14159', "'loss'", '  loss', '    3.14|')
          ('name=loss', ' 3.14159', 'True', 'True')

          """)
  }

  @Test func nameIsMainAtThePromptAndInScripts() {
    #expect(run("__name__") == "'__main__'\n")
    #expect(runScript("if __name__ == '__main__':\n    print('main')\n") == "main\n")
  }

  @Test func assertWithAMessage() {
    #expect(
      run("assert 1 < 2, 'fine'", "assert 2 < 1, 'x must be positive'", "assert []")
        == "AssertionError: x must be positive\nAssertionError\n")
  }

  @Test func globalAndNonlocal() {
    #expect(
      run(
        "count = 0\ndef bump():\n    global count\n    count += 1",
        "bump(); bump(); count",
        "def counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n"
          + "        return n\n    return inc",
        "c = counter()\nc(), c(), c()")
        == "2\n(1, 2, 3)\n")
    #expect(
      run("def bad():\n    nonlocal q")
        .hasSuffix("SyntaxError: no binding for nonlocal 'q' found\n"))
    #expect(
      run("nonlocal q").hasSuffix("SyntaxError: nonlocal declaration not allowed at module level\n")
    )
  }

  @Test(.enabled(if: SystemPython.isAvailable, "\(SystemPython.absentReason)"))
  func syntaxExtrasPrintWhatCPythonPrints() throws {
    let program = """
      a, *rest = [1, 2, 3]
      *init, last = 'xyz'
      first, *mid, end = range(6)
      print(a, rest, init, last, first, mid, end)
      for h, *t in [(1, 2, 3), (4,)]:
          print(h, t)
      try:
          x, *y, z = [1]
      except ValueError as e:
          print('ValueError', e)
      data = [3, 8, 1, 9]
      if (m := max(data)) > 5:
          print('max', m)
      print([q for v in data if (q := v * v) > 10], q)
      n: int = 4
      names: list[str]
      def f(x: float, y: 'Value' = None) -> float:
          return x * 2
      print(f(1.5), n)
      x = 2.718281828
      w = 10
      label = 'lr'
      print(f'{x=}', f'{x=:.3f}', f'{x = }', f'{label!r}', f'{label!s:>5}|', f'{x:{w}.3f}|')
      print(__name__)
      if __name__ == '__main__':
          print('running as a script')
      def counter():
          c = 0
          def inc():
              nonlocal c
              c += 1
              return c
          return inc
      inc = counter()
      print(inc(), inc())
      try:
          assert n > 10, f'n is only {n}'
      except AssertionError as e:
          print('AssertionError', e)
      print([*rest, *'ab'], (*rest,))
      """
    let expected = try #require(SystemPython.output(of: program))
    #expect(runScript(program) == expected)
  }
}
