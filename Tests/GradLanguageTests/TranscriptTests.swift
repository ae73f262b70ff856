import Testing

@testable import GradLanguage

/// Whole sessions: the lines a student types and exactly the screen they see.
@Suite struct TranscriptTests {
  @Test func lectureExpressionGraph() {
    let screen = transcript([
      "a = Value(2.0, label='a')",
      "b = Value(-3.0, label='b')",
      "c = Value(10.0, label='c')",
      "e = a*b; e.label = 'e'",
      "d = e + c; d.label = 'd'",
      "f = Value(-2.0, label='f')",
      "L = d * f; L.label = 'L'",
      "L",
      "L.backward()",
      "a.grad, b.grad, c.grad, f.grad",
      "_[0]",
    ])
    #expect(
      screen == """
        >>> a = Value(2.0, label='a')
        >>> b = Value(-3.0, label='b')
        >>> c = Value(10.0, label='c')
        >>> e = a*b; e.label = 'e'
        >>> d = e + c; d.label = 'd'
        >>> f = Value(-2.0, label='f')
        >>> L = d * f; L.label = 'L'
        >>> L
        Value(data=-8.0, grad=0.0)
        >>> L.backward()
        >>> a.grad, b.grad, c.grad, f.grad
        (6.0, -4.0, -2.0, 4.0)
        >>> _[0]
        6.0

        """)
  }

  @Test func lectureNeuron() {
    let screen = transcript([
      "x1 = Value(2.0); x2 = Value(0.0)",
      "w1 = Value(-3.0); w2 = Value(1.0)",
      "b = Value(6.8813735870195432)",
      "n = x1*w1 + x2*w2 + b",
      "o = n.tanh()",
      "o.backward()",
      "print(round(o.data, 4), round(x1.grad, 4), round(w1.grad, 4), x2.grad == w2.data * 0.5)",
    ])
    #expect(
      screen.hasSuffix(
        """
        >>> print(round(o.data, 4), round(x1.grad, 4), round(w1.grad, 4), x2.grad == w2.data * 0.5)
        0.7071 -1.5 1.0 False

        """))
  }

  @Test func lectureManualBackpropWithUnderscoreBackward() {
    let screen = transcript([
      "a = Value(2.0); b = Value(-3.0); c = Value(10.0); f = Value(-2.0)",
      "e = a*b; d = e + c; L = d * f",
      "L.grad = 1.0",
      "L._backward(); d._backward(); e._backward()",
      "a.grad, b.grad, c.grad, f.grad",
    ])
    #expect(screen.hasSuffix(">>> a.grad, b.grad, c.grad, f.grad\n(6.0, -4.0, -2.0, 4.0)\n"))
  }

  @Test func blocksUseTheContinuationPromptAndEndAtABlankLine() {
    let screen = transcript([
      "def square(x):",
      "    \"\"\"x times x.\"\"\"",
      "    return x * x",
      "",
      "for i in range(3): print(square(i))",
      "",
      "total = (1 +",
      "         2)",
      "total",
    ])
    #expect(
      screen == """
        >>> def square(x):
        ...     \"\"\"x times x.\"\"\"
        ...     return x * x
        ... 
        >>> for i in range(3): print(square(i))
        ... 
        0
        1
        4
        >>> total = (1 +
        ...          2)
        >>> total
        3

        """)
  }

  @Test func interruptAtThePromptDropsPendingInput() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let reader = ScriptedLineReader(
      [.line("x = 1"), .line("for i in range(3):"), .interrupt, .line("x")], echo: terminal)
    Console(session: session, reader: reader).run()
    #expect(
      terminal.output == """
        >>> x = 1
        >>> for i in range(3):
        ... ^C
        KeyboardInterrupt
        >>> x
        1

        """)
  }

  @Test func pipedInputHasNoPromptsAndRunsTheLastBlock() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let reader = ScriptedLineReader(lines: ["for i in range(2):", "    print(i)"])
    let ok = Console(session: session, reader: reader, prompts: .empty).run()
    #expect(ok)
    #expect(terminal.output == "0\n1\n")
    #expect(reader.history == ["for i in range(2):\n    print(i)"])
  }

  @Test func windowsLineEndingsInPipedInput() {
    let terminal = MemoryTerminal()
    let reader = ScriptedLineReader(lines: ["for i in range(2):\r", "    print(i)\r", "\r", "i\r"])
    Console(session: Session(terminal: terminal), reader: reader, prompts: .empty).run()
    #expect(terminal.output == "0\n1\n1\n")
  }

  @Test func historyIsRecordedPerEntry() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let reader = ScriptedLineReader(lines: ["a = 1", "if a:", "    a += 1", "", ":vars"])
    Console(session: session, reader: reader).run()
    #expect(reader.history == ["a = 1", "if a:\n    a += 1", ":vars"])
    #expect(session.history.map(\.text) == ["a = 1", "if a:\n    a += 1", ":vars"])
  }

  @Test func colourOnlyWhenTheTerminalHasIt() {
    let plain = MemoryTerminal(supportsColor: false)
    _ = Session(terminal: plain).execute("1/0")
    #expect(plain.output == "ZeroDivisionError: division by zero\n")
    let colour = MemoryTerminal(supportsColor: true)
    let session = Session(terminal: colour)
    _ = session.execute("1/0")
    _ = session.execute("42")
    #expect(
      colour.output
        == "\u{1B}[31mZeroDivisionError: division by zero\u{1B}[0m\n\u{1B}[36m42\u{1B}[0m\n")
    let reader = ScriptedLineReader(lines: [])
    Console(session: session, reader: reader).run()
    #expect(reader.prompts == ["\u{1B}[2;32m>>> \u{1B}[0m"])
  }

  /// The lecture's micrograd training loop, typed as written (fewer steps).
  @Test func microgradTrainingLoop() throws {
    let lines = """
      model = MLP(2, [16, 16, 1])
      X, y = moons(100)
      history = []
      for k in range(40):
          scores = [model([Value(a), Value(b)]) for a, b in X]
          losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
          loss = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p*p for p in model.parameters())
          acc = sum(1 for yi, si in zip(y, scores) if (yi > 0) == (si.data > 0)) / len(y)
          model.zero_grad()
          loss.backward()
          lr = 1.0 - 0.9 * k / 100
          for p in model.parameters():
              p.data -= lr * p.grad
          if k % 10 == 0: print(k, loss.data, acc)
          history.append((loss.data, acc))

      first, last = history[0], history[-1]
      print(last[0] < first[0] / 4, last[1] >= 0.95, len(model.parameters()))
      """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let screen = transcript(lines)
    let printed = screen.split(separator: "\n").filter {
      !$0.hasPrefix(">>>") && !$0.hasPrefix("...")
    }
    #expect(printed.count == 5, "\(screen)")
    #expect(printed.first?.hasPrefix("0 ") ?? false)
    #expect(printed.last == "True True 337")
    #expect(!screen.contains("Error"))
  }
}
