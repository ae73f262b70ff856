import Foundation
import Testing

@testable import GradLanguage

/// Bad input: one clear line (a caret too for syntax errors), and the session goes on.
@Suite struct ErrorTests {
  @Test func nameErrorSuggestsTheClosestName() {
    #expect(
      run("loss = 1", "lossx") == "NameError: name 'lossx' is not defined. Did you mean 'loss'?\n")
    #expect(run("prnt(1)") == "NameError: name 'prnt' is not defined. Did you mean 'print'?\n")
    #expect(run("zzzzzz") == "NameError: name 'zzzzzz' is not defined\n")
  }

  @Test func typeErrorsNameTheTypes() {
    #expect(
      run("Value(1.0) + 'a'") == "TypeError: unsupported operand type(s) for +: 'Value' and 'str'\n"
    )
    #expect(run("[1] - [1]") == "TypeError: unsupported operand type(s) for -: 'list' and 'list'\n")
    #expect(run("1 < 'a'") == "TypeError: '<' not supported between instances of 'int' and 'str'\n")
    #expect(run("5()") == "TypeError: 'int' object is not callable\n")
    #expect(run("for x in 3: pass") == "TypeError: 'int' object is not iterable\n")
    #expect(run("3[0]") == "TypeError: 'int' object is not subscriptable\n")
    #expect(run("len(5)") == "TypeError: object of type 'int' has no len()\n")
    #expect(run("Value('a')") == "TypeError: Value() expected a number, got 'str'\n")
  }

  @Test func arityErrorsMatchPython() {
    let f = "def f(a, b=1):\n    return a + b"
    #expect(run(f, "f()") == "TypeError: f() missing 1 required positional argument: 'a'\n")
    #expect(
      run(f, "f(1, 2, 3)") == "TypeError: f() takes 2 positional arguments but 3 were given\n")
    #expect(run(f, "f(1, c=2)") == "TypeError: f() got an unexpected keyword argument 'c'\n")
    #expect(run(f, "f(1, a=2)") == "TypeError: f() got multiple values for argument 'a'\n")
    #expect(run("len(1, 2)") == "TypeError: len() takes exactly 1 argument (2 given)\n")
    #expect(
      run("print(1, color=2)") == "TypeError: print() got an unexpected keyword argument 'color'\n")
    #expect(
      run("print(1, sepp='-')")
        == "TypeError: print() got an unexpected keyword argument 'sepp'. Did you mean 'sep'?\n")
    #expect(
      run(f, "f(1, bb=2)")
        == "TypeError: f() got an unexpected keyword argument 'bb'. Did you mean 'b'?\n")
  }

  @Test func indexKeyAndValueErrors() {
    #expect(run("[1, 2][5]") == "IndexError: list index out of range\n")
    #expect(run("[][-1]") == "IndexError: list index out of range\n")
    #expect(run("[1]['a']") == "TypeError: list indices must be integers or slices, not str\n")
    #expect(run("{'a': 1}['b']") == "KeyError: 'b'\n")
    #expect(run("a, b = [1, 2, 3]") == "ValueError: too many values to unpack (expected 2)\n")
    #expect(
      run("a, b, c = [1, 2]") == "ValueError: not enough values to unpack (expected 3, got 2)\n")
    #expect(run("int('x')") == "ValueError: invalid literal for int() with base 10: 'x'\n")
    #expect(run("log(-1)") == "ValueError: math domain error\n")
  }

  @Test func attributeErrorSuggests() {
    #expect(
      run("a = Value(1.0)", "a.grd")
        == "AttributeError: 'Value' object has no attribute 'grd'. Did you mean 'grad'?\n")
    #expect(run("[].push(1)") == "AttributeError: 'list' object has no attribute 'push'\n")
    #expect(
      run("a = Value(1.0)", "a.data = 'x'") == "TypeError: Value.data must be a number, not 'str'\n"
    )
  }

  @Test func zeroDivision() {
    #expect(run("1 / 0") == "ZeroDivisionError: division by zero\n")
    #expect(run("1 // 0") == "ZeroDivisionError: integer division or modulo by zero\n")
    #expect(run("5 % 0") == "ZeroDivisionError: integer division or modulo by zero\n")
    #expect(run("1.0 / 0") == "ZeroDivisionError: float division by zero\n")
    #expect(run("0 ** -1") == "ZeroDivisionError: 0.0 cannot be raised to a negative power\n")
  }

  @Test func syntaxErrorsShowTheLineAndACaret() {
    #expect(run("x = (1 +* 2)") == "    x = (1 +* 2)\n            ^\nSyntaxError: invalid syntax\n")
    #expect(
      run("if x:\nprint(1)")
        == "    print(1)\n    ^\nIndentationError: expected an indented block\n")
    let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    #expect(run(deep).hasSuffix("SyntaxError: too many nested parentheses\n"))
  }

  @Test func stateSurvivesAnErrorMidStatement() {
    let out = run(
      "a = 1", "a = 2; b = undefined_name; c = 3",
      "print(a)", "c",
      "def f():\n    global g\n    g = 10\n    return 1 / 0", "f()", "g")
    #expect(
      out == "NameError: name 'undefined_name' is not defined\n2\n"
        + "NameError: name 'c' is not defined\n"
        + "Traceback (most recent call last):\n"
        + "  File \"<stdin>\", line 1, in <module>\n    f()\n"
        + "  File \"<stdin>\", line 4, in f\n    return 1 / 0\n"
        + "ZeroDivisionError: division by zero\n10\n")
  }

  @Test func deepRecursionIsARecursionError() {
    let out = run("def down(n):\n    return down(n + 1)", "down(0)", "print('still here')")
    // The traceback shows three `down` frames and counts the rest, then the session goes on.
    #expect(out.hasPrefix("Traceback (most recent call last):\n"))
    #expect(out.contains("  [Previous line repeated "))
    #expect(out.hasSuffix("RecursionError: maximum recursion depth exceeded\nstill here\n"))
  }

  @Test func recursionLimitHoldsOnASmallStack() async {
    // A thread with a 512 KiB stack: the stack guard stops it before the Swift stack is full.
    let out = await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
      let thread = Thread {
        continuation.resume(returning: run("def down(n):\n    return 1 + down(n + 1)", "down(0)"))
      }
      thread.stackSize = 512 * 1024
      thread.start()
    }
    #expect(out.hasPrefix("Traceback (most recent call last):\n"))
    #expect(out.hasSuffix("\nRecursionError: maximum recursion depth exceeded\n"))
  }

  @Test func longestChainsAndDeepestNestingEvaluateOrFailCleanly() async {
    let chain = Array(repeating: "1", count: maximumChainLength).joined(separator: " + ")
    let nested = String(repeating: "(", count: 199) + "1" + String(repeating: ")", count: 199)
    #expect(run(chain) == "\(maximumChainLength)\n")
    #expect(run(nested) == "1\n")
    // On a 512 KiB stack the guard may refuse them, but never lets the stack overflow.
    for (source, value) in [(chain, "\(maximumChainLength)"), (nested, "1")] {
      let out = await withCheckedContinuation {
        (continuation: CheckedContinuation<String, Never>) in
        let thread = Thread { continuation.resume(returning: run(source)) }
        thread.stackSize = 512 * 1024
        thread.start()
      }
      let lastLine = out.split(separator: "\n").last.map(String.init) ?? ""
      #expect(
        [
          value, "SyntaxError: expression too deeply nested",
          "RecursionError: maximum recursion depth exceeded",
        ].contains(lastLine), "\(lastLine)")
    }
  }

  @Test func hugeCollectionsAreRefused() {
    #expect(
      run("x = [0] * 10**12").hasPrefix(
        "MemoryError: a list of 1 × 1000000000000 items is too large"))
    #expect(
      run("x = list(range(10**12))").hasPrefix(
        "MemoryError: range of 1000000000000 numbers is too large"))
    #expect(run("s = 'ab' * 10**15") == "MemoryError: string repetition result is too large\n")
    #expect(run("r = range(10**15)", "len(r)") == "1000000000000000\n")
    #expect(
      run("MLP(2, [10**9])")
        == "ValueError: MLP would have more than 1000000 parameters; scalar Values are for "
        + "small networks\n")
    let extremes = run(
      "big = 9223372036854775807", "r = range(-big - 1, big, 2**62)",
      "len(r), r[-1], 0 in r, 2**62 in r, 1 in r",
      "len(range(0, -10, -big - 1)), list(range(10))[::2**62]")
    #expect(
      extremes
        == "(4, 4611686018427387904, True, True, False)\n(1, [0])\n")
    #expect(
      run("x = [0] * 1000", "while True: x = x + x", "len(x)")
        == "MemoryError: a sequence of 16384000 items is too large (the limit is 10000000)\n"
        + "8192000\n")
  }

  @Test func deeplyNestedListsPrintAndFree() {
    let out = run(
      "a = []", "for i in range(100000): a = [a]", "s = repr(a)", "len(s) < 1000", "a = None")
    #expect(out == "True\n")
    #expect(run("a = [1]", "a.append(a)", "a") == "[1, [...]]\n")
    #expect(
      run(
        "f = lambda: 0", "for i in range(100000): f = (lambda g: lambda: g())(f)", "f()",
        "f = None", "print('freed')"
      ).hasSuffix("\nRecursionError: maximum recursion depth exceeded\nfreed\n"))
    #expect(
      // Code runs on a deep stack, so even 100,000 nested dicts compare (Python, with its
      // C stack, stops at a RecursionError); the stack guard still stops anything deeper.
      run("d = {}", "e = {}", "for i in range(100000): d = {1: d}; e = {1: e}", "d == e")
        == "True\n")
    #expect(
      run("t = ()", "for i in range(100000): t = (t,)", "d = {t: 1}", "u = (t,)", "t == u", "t")
        == "TypeError: tuple nested more than 100 deep cannot be a dict key\n"
        + "RecursionError: maximum recursion depth exceeded\n"
        + String(repeating: "(", count: 100) + "(...)" + String(repeating: ",)", count: 100)
        + "\n")
    #expect(run("t = ()", "for i in range(100000): t = (t,)", "t = None", "print('ok')") == "ok\n")
    #expect(run("d = {}", "for i in range(100000): d = {'k': d}", "d = 0", "print('ok')") == "ok\n")
    #expect(
      run("x = [()]", "for i in range(100000): x = [({'k': x},)]", "x = 0", "print('ok')") == "ok\n"
    )
  }

  @Test func runtimeErrorsInScriptsNameFileLineAndColumn() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let ok = session.runScript(
      "x = 1\ny = [1, 2]\nprint(x)\nz = y[7]\nprint('not reached')\n", fileName: "demo.py")
    #expect(!ok)
    #expect(terminal.output == "1\ndemo.py:4:6: IndexError: list index out of range\n")
    #expect(session.interpreter.lookup("x") != nil)
  }

  @Test func syntaxErrorsInScripts() {
    let terminal = MemoryTerminal()
    let ok = Session(terminal: terminal).runScript(
      "a = 1\nb = (2,\n 3)\nc = 3 3\n", fileName: "bad.py")
    #expect(!ok)
    #expect(terminal.output.hasPrefix("bad.py:4:7: SyntaxError: invalid syntax\n"))
  }
}
