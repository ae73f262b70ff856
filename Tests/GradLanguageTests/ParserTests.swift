import Testing

@testable import GradLanguage

@Suite struct ParserTests {
  private func parse(_ source: String) throws(ReplError) -> [Stmt] {
    try Parser.parseProgram(source, symbols: SymbolTable())
  }

  /// The expression of a single expression statement, written back with parentheses.
  private func shape(_ source: String) throws -> String {
    guard case .expression(let e, _, _) = try parse(source).first else { return "?" }
    return render(e)
  }

  private func render(_ e: Expr) -> String {
    switch e {
    case .constant(let v, _):
      if case .int(let n) = v { return String(n) }
      return "c"
    case .name(let site): return site.name
    case .binary(let op, let a, let b, _): return "(\(render(a)) \(op.rawValue) \(render(b)))"
    case .unary(let op, let a, _): return "(\(op.rawValue) \(render(a)))"
    case .and(let a, let b, _): return "(\(render(a)) and \(render(b)))"
    case .or(let a, let b, _): return "(\(render(a)) or \(render(b)))"
    case .compare(let first, let rest, _):
      return "(" + render(first) + rest.map { " \($0.0.rawValue) " + render($0.1) }.joined() + ")"
    case .conditional(let c, let t, let o, _):
      return "(\(render(t)) if \(render(c)) else \(render(o)))"
    case .attribute(let a, let name, _): return "\(render(a)).\(name)"
    case .call(let f, let args, _): return "\(render(f))(\(args.count))"
    case .subscript(let a, let i, _): return "\(render(a))[\(render(i))]"
    case .slice: return "slice"
    case .tuple(let items, _): return "(" + items.map(render).joined(separator: ", ") + ",)"
    case .comprehension(_, let clauses, _): return "comp\(clauses.count)"
    default: return "?"
    }
  }

  @Test func precedenceFollowsPython() throws {
    #expect(try shape("1 + 2 * 3 ** 2") == "(1 + (2 * (3 ** 2)))")
    #expect(try shape("-2 ** 2") == "(- (2 ** 2))")
    #expect(try shape("2 ** -1") == "(2 ** -1)")
    #expect(try shape("a ** b ** c") == "(a ** (b ** c))")
    #expect(try shape("a - b - c") == "((a - b) - c)")
    #expect(try shape("not a == b and c or d") == "(((not (a == b)) and c) or d)")
    #expect(try shape("a < b <= c") == "(a < b <= c)")
    #expect(try shape("x if a else y if b else z") == "(x if a else (y if b else z))")
    #expect(try shape("a.b(1, k=2)[3]") == "a.b(2)[3]")
    #expect(try shape("a not in b") == "(a not in b)")
    #expect(try shape("a is not None") == "(a is not c)")
  }

  @Test func statementsAndBlocks() throws {
    let program = try parse(
      """
      def f(a, b=2):
          if a:
              return b
          elif b: pass
          else:
              return 0
      for i, x in enumerate(xs): total += x
      a, b = b, a
      p.data -= lr * p.grad
      """)
    #expect(program.count == 4)
    guard case .functionDefinition(let code, _) = program[0] else {
      Issue.record("not a def")
      return
    }
    #expect(code.parameters.map(\.name) == ["a", "b"])
    #expect(code.parameters[1].defaultValue != nil)
    guard case .forLoop(let target, _, let body, _) = program[1] else {
      Issue.record("not a for")
      return
    }
    #expect(render(target) == "(i, x,)")
    #expect(body.count == 1)
    guard case .augmentedAssign(let t, .subtract, _, _) = program[3] else {
      Issue.record("not an augmented assignment")
      return
    }
    #expect(render(t) == "p.data")
  }

  @Test func positionsAreOnEveryNode() throws {
    guard
      case .expression(let e, _, _) = try parse(
        "x = 1\n  (a +\n b)".replacingOccurrences(
          of: "\n  (", with: "\n(")
      ).last,
      case .binary(_, let a, let b, let p) = e
    else {
      Issue.record("unexpected shape")
      return
    }
    #expect(p == SourcePosition(line: 2, column: 4))
    #expect(a.position == SourcePosition(line: 2, column: 2))
    #expect(b.position == SourcePosition(line: 3, column: 2))
  }

  @Test func trailingSemicolonSilencesEcho() throws {
    guard case .expression(_, let silent, _) = try parse("1 + 1;").first else {
      Issue.record("not an expression")
      return
    }
    #expect(silent)
  }

  @Test func incompleteInputIsRecognised() {
    for source in ["for i in range(3):", "def f():\n", "if x:\n    y\nelse:", "x = (1,", "'''a"] {
      do {
        _ = try parse(source)
        Issue.record("parsed: \(source)")
      } catch {
        #expect(error.isIncompleteInput, "\(source): \(error)")
      }
    }
  }

  @Test func syntaxErrorsNameThePlace() {
    let cases: [(String, String, SourcePosition)] = [
      ("x = = 1", "SyntaxError: invalid syntax", .init(line: 1, column: 5)),
      ("1 = x", "SyntaxError: cannot assign to literal", .init(line: 1, column: 1)),
      ("f() = 3", "SyntaxError: cannot assign to function call", .init(line: 1, column: 2)),
      (
        "class A(metaclass=M): pass",
        "SyntaxError: class keyword arguments ('metaclass=') are not supported",
        .init(line: 1, column: 9)
      ),
      ("  x = 1", "IndentationError: unexpected indent", .init(line: 1, column: 3)),
      ("if x:\ny = 1", "IndentationError: expected an indented block", .init(line: 2, column: 1)),
      ("return 1", "SyntaxError: 'return' outside function", .init(line: 1, column: 1)),
      ("break", "SyntaxError: 'break' outside loop", .init(line: 1, column: 1)),
    ]
    for (source, message, position) in cases {
      do {
        let statements = try parse(source)
        _ = try Resolver.resolveProgram(statements)
        Issue.record("no error: \(source)")
      } catch {
        #expect(error.description == message, "\(source)")
        #expect(error.position == position, "\(source)")
      }
    }
  }

  @Test func longOperatorChainsAreRefusedNotCrashed() {
    for op in [" + ", " and ", " * "] {
      let source = Array(repeating: "x", count: 100_000).joined(separator: op)
      do {
        _ = try parse(source)
        Issue.record("expected an error for \(op)")
      } catch {
        #expect(error.description.hasPrefix("SyntaxError: expression too long"))
      }
    }
    let calls = "f" + String(repeating: "()", count: 100_000)
    #expect(throws: ReplError.self) { try parse(calls) }
    #expect(throws: Never.self) {
      try parse(Array(repeating: "1", count: 400).joined(separator: "+"))
    }
  }

  @Test func deepUnaryChainsAreRefusedNotCrashed() {
    let source = String(repeating: "-", count: 100_000) + "1"
    do {
      _ = try parse(source)
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "SyntaxError: expression too deeply nested")
    }
  }
}
