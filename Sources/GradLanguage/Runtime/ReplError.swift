// Errors are values with a message a student can act on.

/// An error raised by the lexer, the parser or the running program, named as Python names it.
public struct ReplError: Error, Equatable, CustomStringConvertible {
  /// Python's exception name: `SyntaxError`, `NameError`, `TypeError`, ...
  public var kind: String
  public var message: String
  /// Where it happened, when known.
  public var position: SourcePosition?
  /// For syntax errors: the source text was cut short (open bracket or block), so more
  /// lines may complete it.
  public var isIncompleteInput: Bool = false
  /// At the prompt, show the input line (with a caret) above the message, as for syntax
  /// errors: set for errors whose place matters, such as anomaly mode's first NaN.
  public var showsSourceLine: Bool = false
  /// The function calls the error has unwound out of, innermost first; `traceback` gives
  /// them in the order Python prints them (Traceback.swift). One array and nothing more:
  /// every evaluator frame that passes an error on holds a copy of this struct, so its size
  /// counts against the stack that deep recursion needs.
  var unwound: [TracebackFrame] = []
  /// The exception's arguments as values (`e.args`), when they are more than its message
  /// says: `KeyError('k')` keeps the key, `TypeError('bad', 3)` both of its arguments.
  var arguments: ExceptionArguments?

  public init(_ kind: String, _ message: String, at position: SourcePosition? = nil) {
    self.kind = kind
    self.message = message
    self.position = position
  }

  /// For incomplete input: a blank line ends it anyway (a block without its body or its
  /// `except`), where an open bracket or string keeps waiting for more lines.
  public var isEndedByBlankLine: Bool {
    isIncompleteInput
      && (message.hasPrefix("expected an indented block")
        || message.hasPrefix("expected 'except' or 'finally' block"))
  }

  /// The line a user sees: `TypeError: unsupported operand ...`.
  public var description: String { message.isEmpty ? kind : "\(kind): \(message)" }

  /// Fills in a position if none is known yet (the innermost place wins).
  func located(at position: SourcePosition) -> ReplError {
    if self.position != nil { return self }
    var copy = self
    copy.position = position
    return copy
  }

  static func syntax(_ message: String, at position: SourcePosition) -> ReplError {
    ReplError("SyntaxError", message, at: position)
  }

  static func incomplete(_ message: String, at position: SourcePosition) -> ReplError {
    var e = ReplError("SyntaxError", message, at: position)
    e.isIncompleteInput = true
    return e
  }

  static func indentation(_ message: String, at position: SourcePosition) -> ReplError {
    ReplError("IndentationError", message, at: position)
  }

  /// Python's `TypeError`: an operand or argument of the wrong kind.
  public static func type(_ message: String) -> ReplError { ReplError("TypeError", message) }
  /// Python's `ValueError`: the right kind of argument with a value that makes no sense.
  public static func value(_ message: String) -> ReplError { ReplError("ValueError", message) }
  /// Python's `IndexError`: a position outside a sequence or tensor.
  public static func index(_ message: String) -> ReplError { ReplError("IndexError", message) }
  static func zeroDivision(_ message: String) -> ReplError {
    ReplError("ZeroDivisionError", message)
  }
  /// Python's `OverflowError`: a number too large for its type.
  public static func overflow(_ message: String) -> ReplError {
    ReplError("OverflowError", message)
  }
  static let keyboardInterrupt = ReplError("KeyboardInterrupt", "")
  static let recursion = ReplError("RecursionError", "maximum recursion depth exceeded")
}

/// The values an exception was raised with, carried by its error while it unwinds. Compared
/// by identity: two errors are the same error only when they carry the same arguments.
final class ExceptionArguments: Equatable, @unchecked Sendable {
  // Unchecked: an error is made, thrown and caught on the interpreter's thread; the values
  // are never read from another one.
  let values: [RValue]
  /// The instance of a class written in the language that was raised (`raise NotFound(k)`):
  /// `except NotFound as e` binds this very object.
  let instance: InstanceObject?
  init(_ values: [RValue], instance: InstanceObject? = nil) {
    self.values = values
    self.instance = instance
  }
  static func == (a: ExceptionArguments, b: ExceptionArguments) -> Bool { a === b }
}

extension ReplError {
  /// `KeyError` for a missing key: the message is the key's repr, as Python prints it, and
  /// `e.args` is the key itself.
  static func key(_ key: RValue, repr: String) -> ReplError {
    var e = ReplError("KeyError", repr)
    e.arguments = ExceptionArguments([key])
    return e
  }
}

/// The closest candidate to `name` by edit distance, if it is close enough to be a likely typo.
public func closestName(to name: String, among candidates: some Sequence<String>) -> String? {
  let target = Array(name.lowercased())
  let limit = max(1, min(3, target.count / 3 + 1))
  var best: (name: String, distance: Int)?
  for candidate in candidates where candidate != name {
    let d = editDistance(target, Array(candidate.lowercased()), limit: limit)
    // A suggestion must keep at least one letter of what was typed ('c' is not a typo of 'a').
    if d <= limit, d < target.count,
      best.map({ d < $0.distance || (d == $0.distance && candidate < $0.name) })
        ?? true
    {
      best = (candidate, d)
    }
  }
  return best?.name
}

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one
/// edit each (optimal string alignment), giving up past `limit`: `stpe` is one edit from `step`.
func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
  if abs(a.count - b.count) > limit { return limit + 1 }
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var beforePrevious = [Int](repeating: 0, count: b.count + 1)
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    var rowMinimum = current[0]
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
        current[j] = min(current[j], beforePrevious[j - 2] + 1)
      }
      rowMinimum = min(rowMinimum, current[j])
    }
    if rowMinimum > limit { return limit + 1 }
    (beforePrevious, previous, current) = (previous, current, beforePrevious)
  }
  return previous[b.count]
}
