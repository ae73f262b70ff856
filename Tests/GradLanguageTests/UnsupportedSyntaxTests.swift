import Testing

@testable import GradLanguage

/// The error line an entry ends with (the line above it and the caret left out).
private func errorLine(_ source: String) -> String {
  let lines = run(source).split(separator: "\n")
  return lines.last.map(String.init) ?? ""
}

/// Every Python 3.11 form the language does not read names itself: what it is and that it
/// is not supported yet, or Python's own message where Python rejects it too.
@Suite struct UnsupportedSyntaxTests {
  /// Forms Python has and this language does not (yet).
  static let missingForms: [(source: String, message: String)] = [
    ("async def f(): pass", "SyntaxError: 'async def' is not supported yet"),
    ("async for x in y: pass", "SyntaxError: 'async for' is not supported yet"),
    ("async with a: pass", "SyntaxError: 'async with' is not supported yet"),
    ("x = await f()", "SyntaxError: 'await' is not supported yet (there are no coroutines)"),
    (
      "match point:\n    case 1:\n        pass",
      "SyntaxError: 'match' statements are not supported yet; use if/elif"
    ),
    (
      "match (x):\n    case 1:\n        pass",
      "SyntaxError: 'match' statements are not supported yet; use if/elif"
    ),
    (
      "case 1:\n    pass",
      "SyntaxError: 'case' belongs to a 'match' statement, which is not supported yet; use if/elif"
    ),
    (
      "type Vector = list",
      "SyntaxError: 'type' statements (Python 3.12) are not supported; assign the type to a name"
    ),
    (
      "def first[T](xs): pass",
      "SyntaxError: type parameters (def f[T]) are Python 3.12 and not supported"
    ),
    ("z = 1j", "SyntaxError: complex numbers ('1j') are not supported yet"),
    ("z = 2.5J + 1", "SyntaxError: complex numbers ('2.5J') are not supported yet"),
    ("data = b'abc'", "SyntaxError: bytes literals (b\"...\") are not supported yet; use a str"),
    ("data = rb'\\x00'", "SyntaxError: bytes literals (b\"...\") are not supported yet; use a str"),
    (
      "d = {**a, 'k': 1}",
      "SyntaxError: '**' unpacking is not supported here yet (it works in calls: f(**kwargs))"
    ),
    ("def f(a, /, b): pass", "SyntaxError: positional-only parameters ('/') are not supported yet"),
    (
      "for x in []:\n    pass\nelse:\n    pass",
      "SyntaxError: 'else' after a 'for' or 'while' loop is not supported yet; use a flag"
    ),
    (
      "while False: pass\nelse: pass",
      "SyntaxError: 'else' after a 'for' or 'while' loop is not supported yet; use a flag"
    ),
    (
      "try:\n    pass\nexcept* ValueError:\n    pass",
      "SyntaxError: 'except*' (exception groups) is not supported yet"
    ),
  ]

  /// Forms Python rejects too, with Python's message (or a plainer one where Python only
  /// says "invalid syntax").
  static let pythonErrors: [(source: String, message: String)] = [
    (
      "print 'hello'",
      "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"
    ),
    (
      "if x: print x",
      "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"
    ),
    (
      "exec 'x = 1'",
      "SyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?"
    ),
    ("`x`", "SyntaxError: backticks are Python 2's repr(x); write repr(x)"),
    ("1 <> 2", "SyntaxError: '<>' is Python 2's not-equal; write '!='"),
    (
      "raise ValueError, 'bad'",
      "SyntaxError: 'raise E, message' is Python 2; write raise E(message)"
    ),
    (
      "try:\n    pass\nexcept ValueError, e:\n    pass",
      "SyntaxError: multiple exception types must be parenthesized"
    ),
    (
      "x = 0777",
      "SyntaxError: leading zeros in decimal integer literals are not permitted; "
        + "use an 0o prefix for octal integers"
    ),
    ("n = 10L", "SyntaxError: invalid decimal literal"),
    ("f = lambda x: int: x", "SyntaxError: a lambda's parameters cannot have annotations"),
    (
      "if x = 3: pass",
      "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
    ),
    (
      "while n = 0: pass",
      "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
    ),
    ("y = 1 if x", "SyntaxError: expected 'else' after 'if' expression"),
    ("i++", "SyntaxError: '++' is not an operator in Python; write x += 1"),
    ("i--", "SyntaxError: '--' is not an operator in Python; write x -= 1"),
    ("del f()", "SyntaxError: cannot delete function call"),
    ("del 1", "SyntaxError: cannot delete literal"),
    ("del a + b", "SyntaxError: cannot delete expression"),
    ("del a if b else c", "SyntaxError: cannot delete conditional expression"),
    ("del [x for x in y]", "SyntaxError: cannot delete list comprehension"),
    ("del (a, f())", "SyntaxError: cannot delete function call"),
    ("True = 1", "SyntaxError: cannot assign to True"),
    ("None = 1", "SyntaxError: cannot assign to None"),
    ("else: pass", "SyntaxError: 'else' without the 'if' or 'try' it belongs to"),
    ("elif x: pass", "SyntaxError: 'elif' without the 'if' it belongs to"),
    ("except ValueError: pass", "SyntaxError: 'except' without the 'try' it belongs to"),
    ("finally: pass", "SyntaxError: 'finally' without the 'try' it belongs to"),
    ("return 1", "SyntaxError: 'return' outside function"),
    ("break", "SyntaxError: 'break' outside loop"),
    ("continue", "SyntaxError: 'continue' not properly in loop"),
    ("def f(**k, a): pass", "SyntaxError: arguments cannot follow **k"),
  ]

  @Test(arguments: missingForms)
  func missingFormsNameThemselves(source: String, message: String) {
    #expect(errorLine(source) == message, "\(source)")
  }

  @Test(arguments: pythonErrors)
  func mistakesGetPythonsMessage(source: String, message: String) {
    #expect(errorLine(source) == message, "\(source)")
  }

  @Test func theCaretPointsAtTheForm() {
    #expect(
      run("x = 2 + 3j")
        == "    x = 2 + 3j\n            ^\nSyntaxError: complex numbers ('3j') are not supported yet\n"
    )
    #expect(
      run("print x")
        == "    print x\n          ^\n"
        + "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n")
  }

  @Test func formsThatLookAlikeStillWork() {
    // Soft keywords are names; u"" is a str; chained comparisons and print() run.
    #expect(run("match = 3", "type = 'a'", "case = [match, type]", "case") == "[3, 'a']\n")
    #expect(run("async_ = 1", "await_ = async_ + 1", "await_") == "2\n")
    #expect(eval("u'abc' + r'\\d'") == "'abc\\\\d'")
    #expect(eval("1 < 2 < 3, 3 > 2 > 2") == "(True, False)")
    #expect(
      eval("0, 00, 0.5, 0e0, 0o17, 0x1F, 0b101, 1_000") == "(0, 0, 0.5, 0.0, 15, 31, 5, 1000)")
    #expect(run("print(1, 2)") == "1 2\n")
    #expect(run("def f(a, *, b): return a + b", "f(1, b=2)") == "3\n")
  }

  @Test func pythonTwosPrintToAFileHints() {
    #expect(
      errorLine("print >> 1, 'x'")
        == "TypeError: unsupported operand type(s) for >>: 'builtin_function_or_method' and "
        + "'int'. Did you mean \"print(<message>, file=<output_stream>)\"?")
  }
}
