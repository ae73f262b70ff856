// The lexer: source text -> tokens, with Python's layout rules.
//
// Indentation becomes INDENT/DEDENT tokens compared against a stack of open
// indentation widths; inside brackets, line breaks are ignored (implicit
// continuation); a backslash at the end of a line joins the next one.

/// Brackets nest at most this deep (Python's limit is 200 too); deeper input is a syntax
/// error rather than a risk to the stack.
let maximumBracketDepth = 200
/// Blocks nest at most this deep.
let maximumIndentLevels = 100

struct Lexer {
  private let text: [Unicode.Scalar]
  private var i = 0
  private var line = 1
  private var column = 1
  private var tokens: [Token] = []
  private var indents = [0]
  private var brackets: [(Unicode.Scalar, SourcePosition)] = []
  private var atLineStart = true

  init(_ source: String, firstLine: Int = 1, firstColumn: Int = 1) {
    text = Array(source.unicodeScalars)
    line = firstLine
    column = firstColumn
  }

  /// Splits `source` into tokens, ending with NEWLINE, DEDENTs and END.
  static func tokenize(_ source: String) throws(ReplError) -> [Token] {
    var lexer = Lexer(source)
    return try lexer.run()
  }

  private var position: SourcePosition { SourcePosition(line: line, column: column) }

  private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
    i + offset < text.count ? text[i + offset] : nil
  }

  private mutating func advance() {
    if text[i] == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    i += 1
  }

  private mutating func emit(_ kind: TokenKind, at position: SourcePosition) {
    tokens.append(Token(kind: kind, position: position))
  }

  mutating func run() throws(ReplError) -> [Token] {
    while i < text.count {
      if atLineStart && brackets.isEmpty {
        try startLine()
        continue
      }
      let c = text[i]
      switch c {
      case "\n":
        if brackets.isEmpty {
          emit(.newline, at: position)
          atLineStart = true
        }
        advance()
      case " ", "\t", "\r", "\u{0C}":
        advance()
      case "#":
        while let d = peek(), d != "\n" { advance() }
      case "\\":
        let start = position
        advance()
        while let d = peek(), d == " " || d == "\t" || d == "\r" { advance() }
        guard let d = peek() else {
          throw .incomplete("unexpected end of input after line continuation", at: start)
        }
        guard d == "\n" else {
          throw .syntax("unexpected character after line continuation character", at: start)
        }
        advance()
      case "0"..."9":
        try lexNumber()
      case "." where peek(1).map { ("0"..."9").contains($0) } ?? false:
        try lexNumber()
      case "\"", "'":
        try lexString(prefix: "")
      default:
        if isIdentifierStart(c) {
          try lexName()
        } else {
          try lexOperator()
        }
      }
    }
    if let (open, where_) = brackets.last {
      throw .incomplete("'\(open)' was never closed", at: where_)
    }
    if let last = tokens.last, last.kind != .newline {
      emit(.newline, at: position)
    }
    while indents.count > 1 {
      indents.removeLast()
      emit(.dedent, at: position)
    }
    emit(.endOfInput, at: position)
    return tokens
  }

  /// Measures a line's indentation and emits INDENT/DEDENT; skips blank and comment lines.
  private mutating func startLine() throws(ReplError) {
    var width = 0
    while let c = peek(), c == " " || c == "\t" || c == "\u{0C}" {
      width = c == "\t" ? (width / 8 + 1) * 8 : width + 1
      advance()
    }
    guard let c = peek() else { return }
    if c == "\n" || c == "#" || c == "\r" {
      while let d = peek(), d != "\n" { advance() }
      if peek() != nil { advance() }
      return
    }
    atLineStart = false
    let here = position
    if width > (indents.last ?? 0) {
      guard !tokens.isEmpty else { throw .indentation("unexpected indent", at: here) }
      guard indents.count < maximumIndentLevels else {
        throw .indentation("too many levels of indentation", at: here)
      }
      indents.append(width)
      emit(.indent, at: here)
    } else {
      while width < (indents.last ?? 0) {
        indents.removeLast()
        emit(.dedent, at: here)
      }
      if width != indents.last {
        throw .indentation("unindent does not match any outer indentation level", at: here)
      }
    }
  }

  private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    c == "_" || c.properties.isAlphabetic
  }

  private func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
    c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
  }

  private mutating func lexName() throws(ReplError) {
    let start = position
    var name = ""
    while let c = peek(), isIdentifierContinue(c) {
      name.unicodeScalars.append(c)
      advance()
    }
    if let q = peek(), q == "\"" || q == "'",
      ["f", "r", "u", "fr", "rf"].contains(name.lowercased())
    {
      // `u"..."` is Python 3's plain string (the prefix is kept from Python 2).
      try lexString(prefix: name.lowercased() == "u" ? "" : name.lowercased(), start: start)
      return
    }
    if let q = peek(), q == "\"" || q == "'", ["b", "rb", "br"].contains(name.lowercased()) {
      throw .syntax(
        "bytes literals (b\"...\") are not supported yet; use a str", at: start)
    }
    emit(.name(name), at: start)
  }

  private mutating func lexNumber() throws(ReplError) {
    let start = position
    var digits = ""
    if peek() == "0", let x = peek(1),
      x == "x" || x == "X" || x == "b" || x == "B" || x == "o"
        || x == "O"
    {
      advance()
      advance()
      let radix = x == "x" || x == "X" ? 16 : (x == "b" || x == "B" ? 2 : 8)
      while let c = peek(), c.properties.isASCIIHexDigit || c == "_" {
        if c != "_" { digits.unicodeScalars.append(c) }
        advance()
      }
      guard let value = Int(digits, radix: radix) else {
        throw .syntax("invalid or too large integer literal (the limit is 64 bits)", at: start)
      }
      emit(.int(value), at: start)
      return
    }
    var isFloat = false
    func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
    while let c = peek(), isDigit(c) || c == "_" {
      if c != "_" { digits.unicodeScalars.append(c) }
      advance()
    }
    if peek() == ".", !isIdentifierStart(peek(1) ?? " ") || peek(1) == "e" || peek(1) == "E" {
      isFloat = true
      digits.append(".")
      advance()
      while let c = peek(), isDigit(c) || c == "_" {
        if c != "_" { digits.unicodeScalars.append(c) }
        advance()
      }
    }
    if let e = peek(), e == "e" || e == "E",
      isDigit(peek(1)) || ((peek(1) == "+" || peek(1) == "-") && isDigit(peek(2)))
    {
      isFloat = true
      digits.append("e")
      advance()
      if let sign = peek(), sign == "+" || sign == "-" {
        digits.unicodeScalars.append(sign)
        advance()
      }
      while let c = peek(), isDigit(c) {
        digits.unicodeScalars.append(c)
        advance()
      }
    }
    if let c = peek(), isIdentifierStart(c) {
      if c == "j" || c == "J", !isIdentifierContinue(peek(1) ?? " ") {
        throw .syntax("complex numbers ('\(digits)\(c)') are not supported yet", at: start)
      }
      throw .syntax("invalid decimal literal", at: start)
    }
    // `0777` was Python 2's octal; Python 3 refuses it rather than read it as decimal.
    if !isFloat, digits.count > 1, digits.hasPrefix("0"), digits.contains(where: { $0 != "0" }) {
      throw .syntax(
        "leading zeros in decimal integer literals are not permitted; "
          + "use an 0o prefix for octal integers", at: start)
    }
    if isFloat {
      guard let value = Double(digits) else {
        throw .syntax("invalid number '\(digits)'", at: start)
      }
      emit(.float(value), at: start)
    } else {
      guard let value = Int(digits) else {
        throw .syntax(
          "integer literal \(digits) is too large (the limit is 64 bits; write it as a float)",
          at: start)
      }
      emit(.int(value), at: start)
    }
  }

  private mutating func lexString(prefix: String, start: SourcePosition? = nil) throws(ReplError) {
    let start = start ?? position
    guard let quote = peek() else { return }
    let isRaw = prefix.contains("r")
    let isFormat = prefix.contains("f")
    let triple = peek(1) == quote && peek(2) == quote
    advance()
    if triple {
      advance()
      advance()
    }
    var value = ""
    // For f-strings, where each character of `value` came from (to place errors).
    var positions: [SourcePosition] = []
    while true {
      guard let c = peek() else {
        if triple { throw .incomplete("unterminated triple-quoted string literal", at: start) }
        throw .syntax("unterminated string literal (detected at line \(line))", at: start)
      }
      if c == quote {
        if !triple {
          advance()
          break
        }
        if peek(1) == quote && peek(2) == quote {
          advance()
          advance()
          advance()
          break
        }
      }
      if c == "\n" && !triple {
        throw .syntax("unterminated string literal (detected at line \(line))", at: start)
      }
      let here = position
      if c == "\\" && !isRaw {
        advance()
        guard let e = peek() else { continue }
        let escaped: Unicode.Scalar?
        switch e {
        case "n": escaped = "\n"
        case "t": escaped = "\t"
        case "r": escaped = "\r"
        case "0": escaped = "\0"
        case "\\": escaped = "\\"
        case "'": escaped = "'"
        case "\"": escaped = "\""
        case "\n": escaped = nil
        case "x", "u":
          let count = e == "x" ? 2 : 4
          var hex = ""
          advance()
          for _ in 0..<count {
            guard let h = peek(), h.properties.isASCIIHexDigit else { break }
            hex.unicodeScalars.append(h)
            advance()
          }
          guard hex.count == count, let code = UInt32(hex, radix: 16),
            let scalar = Unicode.Scalar(code)
          else {
            throw .syntax("invalid \\\(e) escape in string", at: here)
          }
          value.unicodeScalars.append(scalar)
          positions.append(here)
          continue
        default:
          value.unicodeScalars.append("\\")
          positions.append(here)
          escaped = e
        }
        advance()
        if let escaped {
          value.unicodeScalars.append(escaped)
          positions.append(here)
        }
        continue
      }
      value.unicodeScalars.append(c)
      positions.append(here)
      advance()
    }
    if isFormat {
      emit(.formatString(try formatPieces(value, positions: positions, start: start)), at: start)
    } else {
      emit(.string(value), at: start)
    }
  }

  /// Splits an f-string's text into literal text and `{expression!r:spec}` fields.
  private func formatPieces(_ body: String, positions: [SourcePosition], start: SourcePosition)
    throws(ReplError) -> [FormatPiece]
  {
    let s = Array(body.unicodeScalars)
    var pieces: [FormatPiece] = []
    var literal = ""
    var k = 0
    func at(_ index: Int) -> SourcePosition { index < positions.count ? positions[index] : start }
    while k < s.count {
      let c = s[k]
      if c == "}" {
        guard k + 1 < s.count, s[k + 1] == "}" else {
          throw .syntax("f-string: single '}' is not allowed", at: at(k))
        }
        literal.append("}")
        k += 2
        continue
      }
      guard c == "{" else {
        literal.unicodeScalars.append(c)
        k += 1
        continue
      }
      if k + 1 < s.count, s[k + 1] == "{" {
        literal.append("{")
        k += 2
        continue
      }
      if !literal.isEmpty {
        pieces.append(.text(literal))
        literal = ""
      }
      let open = k
      k += 1
      var depth = 0
      var expression = ""
      var quote: Unicode.Scalar?
      while k < s.count {
        let d = s[k]
        if let q = quote {
          if d == q { quote = nil }
        } else if d == "'" || d == "\"" {
          quote = d
        } else if d == "(" || d == "[" || d == "{" {
          depth += 1
        } else if d == ")" || d == "]" || d == "}" {
          if depth == 0 { break }
          depth -= 1
        } else if depth == 0 && (d == ":" || (d == "!" && k + 1 < s.count && s[k + 1] != "=")) {
          break
        }
        expression.unicodeScalars.append(d)
        k += 1
      }
      // `{x=}`: the expression's text (spaces kept) is shown before its value.
      var label: String?
      var trimmed = expression.unicodeScalars
      while let last = trimmed.last, last == " " { trimmed.removeLast() }
      if let last = trimmed.last, last == "=" {
        trimmed.removeLast()
        // `==`, `!=`, `<=` and `>=` end comparisons, not labels.
        if trimmed.last.map({ !"=!<>".unicodeScalars.contains($0) }) ?? false {
          label = expression
          expression = String(trimmed)
        }
      }
      var conversion: Character?
      if k < s.count, s[k] == "!" {
        guard k + 1 < s.count, s[k + 1] == "r" || s[k + 1] == "s" else {
          throw .syntax("f-string: only !r and !s conversions are supported", at: at(k))
        }
        conversion = Character(s[k + 1])
        k += 2
      }
      var spec: String?
      var specHasFields = false
      if k < s.count, s[k] == ":" {
        // The spec runs to the field's closing brace; `{w}` inside it is a field of its own.
        var text = ""
        var nested = 0
        k += 1
        while k < s.count, s[k] != "}" || nested > 0 {
          if s[k] == "{" {
            nested += 1
            specHasFields = true
          } else if s[k] == "}" {
            nested -= 1
          }
          text.unicodeScalars.append(s[k])
          k += 1
        }
        spec = text
      }
      guard k < s.count, s[k] == "}" else {
        throw .syntax("f-string: expecting '}'", at: at(open))
      }
      k += 1
      guard !expression.allSatisfy({ $0 == " " }) else {
        throw .syntax("f-string: empty expression not allowed", at: at(open))
      }
      if label == nil && !specHasFields && conversion != "s" {
        pieces.append(
          .field(
            source: expression, position: at(open + 1), spec: spec, useRepr: conversion == "r"))
      } else {
        let specPieces = try spec.map { (text) throws(ReplError) in
          try formatPieces(text, positions: [], start: at(open))
        }
        pieces.append(
          .richField(
            source: expression, position: at(open + 1), spec: specPieces, conversion: conversion,
            label: label))
      }
    }
    if !literal.isEmpty { pieces.append(.text(literal)) }
    return pieces
  }

  private static let operators3: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
  private static let operators2: Set<String> = [
    "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "@=", "->", "<<", ">>",
    "&=", "|=", "^=", ":=",
  ]
  private static let operators1: Set<String> = [
    "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".",
    ";", "&", "|", "^", "~",
  ]

  private mutating func lexOperator() throws(ReplError) {
    let start = position
    for length in [3, 2, 1] where i + length <= text.count {
      var candidate = ""
      for k in 0..<length { candidate.unicodeScalars.append(text[i + k]) }
      let known =
        length == 3
        ? Lexer.operators3.contains(candidate)
        : length == 2 ? Lexer.operators2.contains(candidate) : Lexer.operators1.contains(candidate)
      guard known else { continue }
      for _ in 0..<length { advance() }
      switch candidate {
      case "(", "[", "{":
        guard brackets.count < maximumBracketDepth else {
          throw .syntax("too many nested parentheses", at: start)
        }
        brackets.append((candidate.unicodeScalars.first ?? "(", start))
      case ")", "]", "}":
        let expected: Unicode.Scalar = candidate == ")" ? "(" : candidate == "]" ? "[" : "{"
        guard let (open, _) = brackets.last else {
          throw .syntax("unmatched '\(candidate)'", at: start)
        }
        guard open == expected else {
          throw .syntax(
            "closing parenthesis '\(candidate)' does not match opening parenthesis '\(open)'",
            at: start)
        }
        brackets.removeLast()
      default: break
      }
      emit(.op(candidate), at: start)
      return
    }
    let c = text[i]
    if c == "`" {
      throw .syntax("backticks are Python 2's repr(x); write repr(x)", at: start)
    }
    throw .syntax(
      "invalid character '\(c)' (U+\(String(c.value, radix: 16, uppercase: true)))",
      at: start)
  }
}
