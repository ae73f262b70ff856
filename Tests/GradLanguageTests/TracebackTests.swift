import Foundation
import Testing

@testable import GradLanguage

/// Runs each source as one entry in a fresh session that shows tracebacks, as the standard
/// session does; returns what was printed and the session.
private func traced(_ sources: String...) -> (output: String, session: Session) {
  let terminal = MemoryTerminal()
  let session = Session(terminal: terminal, errorStyle: .traceback)
  for source in sources { _ = session.execute(source) }
  return (terminal.output, session)
}

/// Runs `body` on a thread with a large stack, so recursion reaches the call-depth limit
/// (a debug build's evaluator frames are big) rather than the stack guard.
private func onLargeStack(_ body: @escaping @Sendable () -> String) async -> String {
  await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
    let thread = Thread { continuation.resume(returning: body()) }
    thread.stackSize = 256 << 20
    thread.start()
  }
}

/// Where python3 is, if it is installed.
private let python3: URL? = ["/usr/bin/python3", "/usr/local/bin/python3"]
  .map(URL.init(fileURLWithPath:))
  .first { FileManager.default.isExecutableFile(atPath: $0.path) }

/// The lines Python 3.11 prints under a source line to point at the failing expression
/// (`~~^~~`); gradrepl does not draw them, so comparisons leave them out.
private func withoutMarkers(_ text: String) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false)
    .filter { line in
      !(line.contains { $0 == "^" || $0 == "~" }
        && line.allSatisfy { $0 == " " || $0 == "^" || $0 == "~" })
    }
    .joined(separator: "\n")
}

/// What python3 writes to stderr for the script at `url`.
private func pythonTraceback(of url: URL, python: URL) throws -> String {
  let process = Process()
  process.executableURL = python
  process.arguments = [url.path]
  let stderr = Pipe()
  process.standardError = stderr
  process.standardOutput = Pipe()
  try process.run()
  let data = stderr.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self)
}

/// An error from inside functions shows the calls it came through, as Python prints them.
@Suite struct TracebackTests {
  @Test func nestedCallsThreeDeepListEveryFrameOutermostFirst() {
    let (out, session) = traced(
      "def f(x):\n    return g(x) + 1",
      "def g(x):\n    y = 2\n    return h(x) * y",
      "def h(x):\n    return 1 / x",
      "f(0)")
    #expect(
      out == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            f(0)
          File "<stdin>", line 2, in f
            return g(x) + 1
          File "<stdin>", line 3, in g
            return h(x) * y
          File "<stdin>", line 2, in h
            return 1 / x
        ZeroDivisionError: division by zero

        """)
    // The same frames as data, for lessons and tests.
    let frames = session.lastError?.traceback ?? []
    #expect(frames.map(\.function) == ["<module>", "f", "g", "h"])
    #expect(frames.map(\.line) == [1, 2, 3, 2])
    #expect(frames.allSatisfy { $0.fileName == "<stdin>" })
    #expect(frames.last?.sourceLine == "return 1 / x")
    #expect(session.lastError?.description == "ZeroDivisionError: division by zero")
  }

  @Test func topLevelErrorsKeepTheirOneLine() {
    let (out, session) = traced("1 / 0", "x = (1 +* 2)", "def f(a):\n    return a", "f()")
    #expect(
      out == "ZeroDivisionError: division by zero\n"
        + "    x = (1 +* 2)\n            ^\nSyntaxError: invalid syntax\n"
        + "TypeError: f() missing 1 required positional argument: 'a'\n")
    // An argument error is the caller's: the traceback holds the top level alone.
    #expect(session.lastError?.traceback.map(\.function) == ["<module>"])
    #expect(session.lastError?.hasFunctionFrames == false)
  }

  @Test func theOneLineStyleStillKeepsTheFrames() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal, errorStyle: .oneLine)
    _ = session.execute("def f():\n    return [][0]")
    _ = session.execute("f()")
    #expect(terminal.output == "IndexError: list index out of range\n")
    #expect(session.lastError?.traceback.map(\.function) == ["<module>", "f"])
  }

  @Test func recursionShowsThreeFramesAndCountsTheRest() async {
    let out = await onLargeStack {
      traced("def down(n):\n    return down(n + 1)", "down(0)", "print('still here')").output
    }
    #expect(
      out == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            down(0)
          File "<stdin>", line 2, in down
            return down(n + 1)
          File "<stdin>", line 2, in down
            return down(n + 1)
          File "<stdin>", line 2, in down
            return down(n + 1)
          [Previous line repeated 996 more times]
        RecursionError: maximum recursion depth exceeded
        still here

        """)
  }

  @Test func mutualRecursionIsNotCollapsed() {
    let (out, _) = traced(
      "def even(n):\n    return True if n == 0 else odd(n - 1)",
      "def odd(n):\n    return n.nope if n == 0 else even(n - 1)",
      "even(3)")
    #expect(
      out == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            even(3)
          File "<stdin>", line 2, in even
            return True if n == 0 else odd(n - 1)
          File "<stdin>", line 2, in odd
            return n.nope if n == 0 else even(n - 1)
          File "<stdin>", line 2, in even
            return True if n == 0 else odd(n - 1)
          File "<stdin>", line 2, in odd
            return n.nope if n == 0 else even(n - 1)
        AttributeError: 'int' object has no attribute 'nope'

        """)
  }

  @Test func lambdasAndKeyFunctionsOfBuiltinsAreFrames() {
    let (out, _) = traced(
      "def second(pair):\n    return pair[1]",
      "sorted([(1, 'a'), 3], key=lambda p: second(p))")
    // sorted itself, a built-in, is no frame (as in Python).
    #expect(
      out == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            sorted([(1, 'a'), 3], key=lambda p: second(p))
          File "<stdin>", line 1, in <lambda>
            sorted([(1, 'a'), 3], key=lambda p: second(p))
          File "<stdin>", line 2, in second
            return pair[1]
        TypeError: 'int' object is not subscriptable

        """)
    let (mapped, _) = traced("inverse = lambda x: 1 / x", "list(map(inverse, [1, 0]))")
    #expect(
      mapped == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            list(map(inverse, [1, 0]))
          File "<stdin>", line 1, in <lambda>
            inverse = lambda x: 1 / x
        ZeroDivisionError: division by zero

        """)
  }

  @Test func tryExceptStillCatchesAndRaiseInsideExceptWorks() {
    let (caught, _) = traced(
      "def f():\n    return 1 / 0",
      "def g():\n    try:\n        return f()\n    except ZeroDivisionError as e:\n"
        + "        return 'caught ' + str(e)",
      "g()")
    #expect(caught == "'caught division by zero'\n")
    let (converted, _) = traced(
      "def parse(s):\n    try:\n        return int(s)\n    except ValueError:\n"
        + "        raise TypeError('not a number: ' + s)",
      "parse('x')")
    #expect(
      converted == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            parse('x')
          File "<stdin>", line 5, in parse
            raise TypeError('not a number: ' + s)
        TypeError: not a number: x

        """)
  }

  @Test func reRaisedErrorsKeepTheirFrames() {
    let f = "def f():\n    1 / 0"
    // A bare `raise` goes on as if never caught: g's line is still the call.
    let (bare, _) = traced(
      f, "def g():\n    try:\n        f()\n    except ZeroDivisionError:\n        raise", "g()")
    #expect(
      bare == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            g()
          File "<stdin>", line 3, in g
            f()
          File "<stdin>", line 2, in f
            1 / 0
        ZeroDivisionError: division by zero

        """)
    // `raise e` adds the line of the raise in front of where it was caught.
    let (named, _) = traced(
      f, "def g():\n    try:\n        f()\n    except ZeroDivisionError as e:\n        raise e",
      "g()")
    #expect(
      named == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            g()
          File "<stdin>", line 5, in g
            raise e
          File "<stdin>", line 3, in g
            f()
          File "<stdin>", line 2, in f
            1 / 0
        ZeroDivisionError: division by zero

        """)
  }

  @Test func aFunctionShowsTheLinesOfTheEntryItWasDefinedIn() {
    let (out, _) = traced(
      "def check(x):\n    # positive only\n\n    assert x > 0, 'need a positive number'",
      "for v in [1, -1]:\n    check(v)")
    #expect(
      out == """
        Traceback (most recent call last):
          File "<stdin>", line 2, in <module>
            check(v)
          File "<stdin>", line 4, in check
            assert x > 0, 'need a positive number'
        AssertionError: need a positive number

        """)
  }

  @Test func scriptsNameTheFileAndItsLines() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal, errorStyle: .traceback)
    let ok = session.runScript(
      "def loss(xs):\n    return sum(xs) / len(xs)\n\ndef train(data):\n"
        + "    for step in range(2):\n        print(step, loss(data[step]))\n\n"
        + "train([[1.0, 3.0], []])\n",
      fileName: "train.py")
    #expect(!ok)
    #expect(
      terminal.output == """
        0 2.0
        Traceback (most recent call last):
          File "train.py", line 8, in <module>
            train([[1.0, 3.0], []])
          File "train.py", line 6, in train
            print(step, loss(data[step]))
          File "train.py", line 2, in loss
            return sum(xs) / len(xs)
        ZeroDivisionError: division by zero

        """)
    // An error at a script's top level keeps the FILE:LINE:COLUMN line.
    let plain = MemoryTerminal()
    _ = Session(terminal: plain, errorStyle: .traceback).runScript(
      "x = 1\ny = x.q\n", fileName: "s.py")
    #expect(plain.output == "s.py:2:6: AttributeError: 'int' object has no attribute 'q'\n")
  }

  /// Python 3.11 on the same programs prints the same traceback, less its `^^^` markers.
  @Test(.enabled(if: python3 != nil, "python3 is not installed"))
  func matchesPythonOnTheSameScripts() async throws {
    let programs = [
      "def f(x):\n    return g(x) + 1\n\ndef g(x):\n    return h(x)\n\ndef h(x):\n"
        + "    return 1 / x\n\nf(0)\n",
      "def down(n):\n    return down(n + 1)\n\ndown(0)\n",
      "def key(p):\n    return p[1]\n\nprint(sorted([(1, 2), 3], key=lambda v: key(v)))\n",
      "def f():\n    {}['missing']\n\ndef g():\n    try:\n        f()\n"
        + "    except KeyError as e:\n        raise e\n\ng()\n",
      "def f(xs):\n    total = 0\n    for x in xs:\n        total = total + x\n    return total\n\n"
        + "f([1, 'a'])\n",
      "def check(n):\n    assert n > 0, 'n must be positive'\n\nlist(map(check, [2, 1, 0]))\n",
    ]
    guard let python3 else { return }
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("traceback-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (index, program) in programs.enumerated() {
      let url = directory.appendingPathComponent("program\(index).py")
      try program.write(to: url, atomically: true, encoding: .utf8)
      let expected = withoutMarkers(try pythonTraceback(of: url, python: python3))
      let path = url.path
      let ours = await onLargeStack {
        let terminal = MemoryTerminal()
        _ = Session(terminal: terminal, errorStyle: .traceback).runScript(program, fileName: path)
        return terminal.output
      }
      #expect(ours == expected, "program \(index)")
    }
  }
}
