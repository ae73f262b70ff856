// Naming what the parser could not read.
//
// When a statement does not parse, the token where the parser stopped says
// little by itself: `match x:` stops at `x`, `print x` at `x` too. Before
// answering "invalid syntax", the parser asks `UnsupportedSyntax.named` to
// look at the tokens around that place for a Python form it knows: a form
// Python has and this language does not yet (`async def`, `match`, `...`), or
// a mistake Python itself names (`print x`, `if x = 1:`). Only the error path
// runs this, so parsing correct code costs nothing more.

enum UnsupportedSyntax {
  /// The error for the form found around `tokens[k]`, where parsing stopped; nil when it is
  /// none of the forms known here.
  static func named(_ tokens: [Token], at k: Int) -> ReplError? {
    guard k >= 0, k < tokens.count else { return nil }
    let current = tokens[k]
    switch current.kind {
    case .endOfInput, .indent, .dedent: return nil
    default: break
    }
    let statement = Statement(tokens, at: k)
    let previous = k > 0 ? tokens[k - 1] : nil
    let here = current.position

    func notSupported(_ what: String) -> ReplError {
      .syntax("\(what) is not supported yet", at: statement.start.position)
    }

    // Statements this language does not have, named by their first words.
    if statement.first.isKeyword("async") || current.isKeyword("async") {
      if let next = statement.second, case .name(let word) = next.kind,
        ["def", "for", "with"].contains(word)
      {
        return notSupported("'async \(word)'")
      }
      return notSupported("'async'")
    }
    if previous?.isKeyword("await") ?? false {
      return .syntax("'await' is not supported yet (there are no coroutines)", at: here)
    }
    if statement.first.isKeyword("match"), k == statement.index + 1 || current.isOp(":") {
      return .syntax("'match' statements are not supported yet; use if/elif", at: here)
    }
    if statement.first.isKeyword("case"), k == statement.index + 1 {
      return .syntax(
        "'case' belongs to a 'match' statement, which is not supported yet; use if/elif",
        at: here)
    }
    if statement.first.isKeyword("type"), k == statement.index + 1,
      case .name = current.kind
    {
      return .syntax(
        "'type' statements (Python 3.12) are not supported; assign the type to a name", at: here)
    }

    // Python 2 forms; Python 3 names the first two itself.
    for word in ["print", "exec"] where previous?.isKeyword(word) ?? false {
      let before = k >= 2 ? tokens[k - 2] : nil
      let startsStatement =
        k - 1 == statement.index || before.map { $0.isOp(":") || $0.isOp(";") } ?? true
      switch current.kind {
      case .name, .int, .float, .string, .formatString:
        if startsStatement {
          return .syntax(
            "Missing parentheses in call to '\(word)'. Did you mean \(word)(...)?", at: here)
        }
      default: break
      }
    }
    if current.isOp(">"), let previous, previous.isOp("<"), adjacent(previous, current) {
      return .syntax("'<>' is Python 2's not-equal; write '!='", at: previous.position)
    }
    if current.isOp(","), statement.first.isKeyword("raise") {
      return .syntax(
        "'raise E, message' is Python 2; write raise E(message)", at: statement.start.position)
    }
    if current.isOp(","), statement.first.isKeyword("except") {
      return .syntax("multiple exception types must be parenthesized", at: here)
    }

    // Expressions and parts of statements.
    if current.isOp("*") || current.isOp("**"),
      previous?.isKeyword("except") ?? false
    {
      return .syntax("'except*' (exception groups) is not supported yet", at: here)
    }
    if current.isOp("*") || current.isOp("**") {
      let opensItem =
        k == statement.index
        || previous.map { ["(", "[", "{", ",", "="].contains(where: $0.isOp) } ?? true
      if opensItem {
        let spread = current.isOp("*") ? "*" : "**"
        let call = spread == "*" ? "f(*args)" : "f(**kwargs)"
        return .syntax(
          "'\(spread)' unpacking is not supported here yet (it works in calls: \(call))",
          at: here)
      }
    }
    if current.isOp("/"), statement.first.isKeyword("def") || statement.contains("lambda") {
      return .syntax("positional-only parameters ('/') are not supported yet", at: here)
    }
    if current.isOp("["), statement.first.isKeyword("def"), k == statement.index + 2 {
      return .syntax("type parameters (def f[T]) are Python 3.12 and not supported", at: here)
    }
    if current.isOp(":"), statement.contains("lambda", before: k) {
      return .syntax("a lambda's parameters cannot have annotations", at: here)
    }
    if current.isOp("="),
      ["if", "elif", "while"].contains(where: statement.first.isKeyword)
    {
      return .syntax(
        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", at: here)
    }
    if let previous, k >= 2, previous.isOp("+") || previous.isOp("-"),
      tokens[k - 2].kind == previous.kind, adjacent(tokens[k - 2], previous),
      current.kind == .newline || current.isOp(")") || current.isOp(";")
    {
      let op = previous.isOp("+") ? "+" : "-"
      return .syntax(
        "'\(op)\(op)' is not an operator in Python; write x \(op)= 1", at: tokens[k - 2].position)
    }
    if k == statement.index, case .name(let word) = current.kind,
      let opener = ["elif": "if", "except": "try", "finally": "try"][word]
    {
      return .syntax("'\(word)' without the '\(opener)' it belongs to", at: here)
    }
    if current.isKeyword("else"), k == statement.index,
      let loop = statement.previousAtSameDepth, loop.isKeyword("for") || loop.isKeyword("while")
    {
      return .syntax(
        "'else' after a 'for' or 'while' loop is not supported yet; use a flag", at: here)
    }
    if current.isKeyword("else"), k == statement.index {
      return .syntax("'else' without the 'if' or 'try' it belongs to", at: here)
    }
    return nil
  }

  /// Whether `b` follows `a` with no space between (`<>`, `++`).
  private static func adjacent(_ a: Token, _ b: Token) -> Bool {
    guard case .op(let text) = a.kind else { return false }
    return a.position.line == b.position.line
      && a.position.column + text.count == b.position.column
  }

  /// The logical line (statement) that holds a token: where it starts and what came before.
  private struct Statement {
    let tokens: [Token]
    /// Index of its first token.
    let index: Int
    /// Index of the token where parsing stopped.
    let stop: Int

    init(_ tokens: [Token], at k: Int) {
      self.tokens = tokens
      stop = k
      var j = k
      while j > 0, !Statement.isLayout(tokens[j - 1]) { j -= 1 }
      index = j
    }

    private static func isLayout(_ t: Token) -> Bool {
      t.kind == .newline || t.kind == .indent || t.kind == .dedent
    }

    var start: Token { tokens[index] }
    var first: Token { tokens[index] }
    var second: Token? { index + 1 < tokens.count ? tokens[index + 1] : nil }

    /// Whether the keyword `word` occurs in the statement before the stopping place.
    func contains(_ word: String, before end: Int? = nil) -> Bool {
      tokens[index..<min(end ?? stop, tokens.count)].contains { $0.isKeyword(word) }
    }

    /// The first token of the statement before this one at the same indentation, if any:
    /// walking back, each DEDENT enters a block that closed and each INDENT leaves one.
    var previousAtSameDepth: Token? {
      var depth = 0
      var j = index - 1
      var candidate: Int?
      while j >= 0 {
        let t = tokens[j]
        switch t.kind {
        case .dedent: depth += 1
        case .indent:
          if depth == 0 { return candidate.map { tokens[$0] } }
          depth -= 1
        case .newline:
          if depth == 0, let c = candidate { return tokens[c] }
        default:
          if depth == 0 { candidate = j }
        }
        j -= 1
      }
      return candidate.map { tokens[$0] }
    }
  }
}
