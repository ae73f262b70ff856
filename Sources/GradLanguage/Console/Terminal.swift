// What the interpreter needs from a console, and nothing about terminals.
//
// The interpreter answers each chunk of input with complete / incomplete /
// error; a console layer (readline in GradUI, an in-memory terminal in tests
// and lessons) decides what to show and when to prompt again.

/// Where the REPL's output goes.
public protocol Terminal: AnyObject {
  /// Writes text as is (the caller supplies newlines).
  func write(_ text: String)
  /// Writes an error message (a real terminal sends it to standard error).
  func writeError(_ text: String)
  /// Whether ANSI colour may be used.
  var supportsColor: Bool { get }
  /// Whether a line may be redrawn in place (carriage return): true for a real terminal,
  /// false for pipes, files and tests, which get one line per update.
  var updatesInPlace: Bool { get }
}

extension Terminal {
  /// By default errors go where everything else goes.
  public func writeError(_ text: String) { write(text) }
  /// By default lines are never redrawn.
  public var updatesInPlace: Bool { false }
}

/// One line of input, or why there is none.
public enum LineInput: Equatable, Sendable {
  case line(String)
  /// Ctrl-C at the prompt: drop the pending input, prompt again.
  case interrupt
  /// Ctrl-D or end of piped input.
  case endOfInput
}

/// Where the REPL's input comes from.
public protocol LineReader: AnyObject {
  func readLine(prompt: String) -> LineInput
  /// Records a complete entry in the history (a no-op where there is none).
  func addHistory(_ entry: String)
  /// Records an entry that arrived as one block of lines (a bracketed paste, or a block
  /// recalled from history), so that it is recalled as one. Defaults to `addHistory`.
  func addHistory(block entry: String)
}

extension LineReader {
  public func addHistory(block entry: String) { addHistory(entry) }
}

/// Offers completions for the word under the cursor.
public protocol CompletionProvider: AnyObject {
  /// Candidates for the text before the cursor (`line` up to the cursor).
  func completions(forLine line: String) -> [String]
}
