// An in-memory terminal and line reader: tests and lessons drive the REPL
// headless and read back exactly what a user would have seen.

/// A terminal that keeps everything written to it.
public final class MemoryTerminal: Terminal {
  /// Everything written so far.
  public private(set) var output = ""
  public let supportsColor: Bool

  public init(supportsColor: Bool = false) { self.supportsColor = supportsColor }

  public func write(_ text: String) { output += text }

  /// Returns the output written since the last call and forgets it.
  public func take() -> String {
    defer { output = "" }
    return output
  }
}

/// A line reader that plays back scripted input, echoing each prompt and line to a terminal
/// as a real terminal would show them.
public final class ScriptedLineReader: LineReader {
  private var inputs: [LineInput]
  private var position = 0
  private let echo: Terminal?
  /// Entries recorded with `addHistory`.
  public private(set) var history: [String] = []
  /// Prompts asked for, in order.
  public private(set) var prompts: [String] = []

  /// - Parameters:
  ///   - inputs: what each `readLine` returns, in order; afterwards `.endOfInput`.
  ///   - echo: where to show prompt + line (nil: nowhere).
  public init(_ inputs: [LineInput], echo: Terminal? = nil) {
    self.inputs = inputs
    self.echo = echo
  }

  /// Plays back `lines` as typed lines.
  public convenience init(lines: [String], echo: Terminal? = nil) {
    self.init(lines.map(LineInput.line), echo: echo)
  }

  public func readLine(prompt: String) -> LineInput {
    let visible = String(prompt.unicodeScalars.filter { $0 != "\u{01}" && $0 != "\u{02}" })
    prompts.append(visible)
    guard position < inputs.count else { return .endOfInput }
    let input = inputs[position]
    position += 1
    switch input {
    case .line(let text): echo?.write(visible + text + "\n")
    case .interrupt: echo?.write(visible + "^C\n")
    case .endOfInput: echo?.write(visible + "\n")
    }
    return input
  }

  public func addHistory(_ entry: String) { history.append(entry) }
}
