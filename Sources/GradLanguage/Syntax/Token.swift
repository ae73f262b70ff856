// Tokens: what the lexer hands the parser.

/// A place in the source: 1-based line and column.
public struct SourcePosition: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}

/// The kinds of token, with Python's layout tokens NEWLINE, INDENT and DEDENT.
enum TokenKind: Equatable {
  case name(String)
  case int(Int)
  case float(Double)
  case string(String)
  /// An f-string: literal pieces and `{expression[:spec]}` pieces, parsed later.
  case formatString([FormatPiece])
  /// Operators and punctuation: `+`, `**=`, `(`, `:`, `->` ...
  case op(String)
  case newline
  case indent
  case dedent
  case endOfInput
}

/// One piece of an f-string.
enum FormatPiece: Equatable {
  case text(String)
  /// The expression's source, where it starts, an optional format spec and `!r`.
  case field(source: String, position: SourcePosition, spec: String?, useRepr: Bool)
  /// A field `.field` cannot describe: a `!s` conversion, a self-documenting `=` (`label`
  /// is the text shown before the value, `x=`), or a spec with fields inside (`{x:{w}}`).
  case richField(
    source: String, position: SourcePosition, spec: [FormatPiece]?, conversion: Character?,
    label: String?)
}

struct Token: Equatable {
  var kind: TokenKind
  var position: SourcePosition

  /// Whether this is the operator or punctuation `text`.
  func isOp(_ text: String) -> Bool { kind == .op(text) }

  /// Whether this is the keyword (reserved name) `word`.
  func isKeyword(_ word: String) -> Bool { kind == .name(word) }
}

/// Python's reserved words that this language knows (they cannot be names).
let reservedWords: Set<String> = [
  "False", "None", "True", "and", "as", "assert", "break", "continue", "def", "del", "elif",
  "else", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
  "or", "pass", "return", "while", "class", "try", "except", "finally", "raise", "with",
  "yield",
]
