import Testing

@testable import GradLanguage

@Suite struct LexerTests {
  private func kinds(_ source: String) throws -> [TokenKind] {
    try Lexer.tokenize(source).map(\.kind)
  }

  @Test func numbersNamesAndOperators() throws {
    #expect(
      try kinds("x1 = 3 + 4.5e-1 ** 2 // 1_000") == [
        .name("x1"), .op("="), .int(3), .op("+"), .float(0.45), .op("**"), .int(2), .op("//"),
        .int(1000), .newline, .endOfInput,
      ])
    #expect(
      try kinds("0x1F .5 1e3") == [.int(31), .float(0.5), .float(1000), .newline, .endOfInput])
  }

  @Test func stringsWithEscapesAndQuotes() throws {
    #expect(
      try kinds(#"'a\'b' "c\n" r'\d'"#) == [
        .string("a'b"), .string("c\n"), .string("\\d"), .newline, .endOfInput,
      ])
    #expect(try kinds("'''one\ntwo'''") == [.string("one\ntwo"), .newline, .endOfInput])
  }

  @Test func indentationBecomesIndentAndDedent() throws {
    let source = "if x:\n    y = 1\n    # comment\n\n    z = 2\nw = 3\n"
    #expect(
      try kinds(source) == [
        .name("if"), .name("x"), .op(":"), .newline, .indent, .name("y"), .op("="), .int(1),
        .newline, .name("z"), .op("="), .int(2), .newline, .dedent, .name("w"), .op("="),
        .int(3), .newline, .endOfInput,
      ])
  }

  @Test func bracketsJoinLinesAndTrackPositions() throws {
    let tokens = try Lexer.tokenize("f(1,\n  2)")
    #expect(
      tokens.map(\.kind) == [
        .name("f"), .op("("), .int(1), .op(","), .int(2), .op(")"), .newline, .endOfInput,
      ])
    #expect(tokens[4].position == SourcePosition(line: 2, column: 3))
  }

  @Test func openBracketIsIncomplete() {
    #expect(throws: ReplError.self) { try Lexer.tokenize("(1 +") }
    do {
      _ = try Lexer.tokenize("[1,\n2")
      Issue.record("expected an error")
    } catch {
      #expect(error.isIncompleteInput)
    }
  }

  @Test func badInputIsASyntaxError() {
    for source in ["x = $", "'abc", "1abc", ")", "(]", "99999999999999999999999"] {
      do {
        _ = try Lexer.tokenize(source)
        Issue.record("no error for \(source)")
      } catch {
        #expect(error.kind == "SyntaxError", "\(source): \(error)")
        #expect(!error.isIncompleteInput)
      }
    }
  }

  @Test func deepNestingIsRefused() {
    let source = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    do {
      _ = try Lexer.tokenize(source)
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "SyntaxError: too many nested parentheses")
    }
  }

  @Test func formatStringPieces() throws {
    #expect(
      try kinds("f'a{x:.2f}b{{c}}{y!r}'") == [
        .formatString([
          .text("a"),
          .field(source: "x", position: .init(line: 1, column: 5), spec: ".2f", useRepr: false),
          .text("b{c}"),
          .field(source: "y", position: .init(line: 1, column: 18), spec: nil, useRepr: true),
        ]), .newline, .endOfInput,
      ])
  }
}
