// The read-eval-print loop over a LineReader and a Terminal.
//
// Lines gather into one entry while the session answers `.incomplete` (an
// open bracket, or a block not yet closed by a blank line, as in Python's
// REPL); `:commands` and `?name` are whole entries of their own.

import Foundation
import GradCore

/// The two prompts: before an entry and on its continuation lines.
public struct Prompts: Equatable, Sendable {
  public var primary: String
  public var continuation: String

  public init(primary: String, continuation: String) {
    self.primary = primary
    self.continuation = continuation
  }

  /// `>>> ` and `... `.
  public static let standard = Prompts(primary: ">>> ", continuation: "... ")
  /// No prompts (piped input).
  public static let empty = Prompts(primary: "", continuation: "")
}

/// Runs a session interactively: read lines, feed entries, show results.
public final class Console {
  public let session: Session
  public let reader: LineReader
  public var prompts: Prompts

  /// - Parameters:
  ///   - session: where entries run and output goes (`session.terminal`).
  ///   - reader: where lines come from.
  ///   - prompts: `.standard` at a terminal, `.empty` for piped input.
  public init(session: Session, reader: LineReader, prompts: Prompts = .standard) {
    self.session = session
    self.reader = reader
    self.prompts = prompts
  }

  /// Reads and runs entries until end of input or `:quit`.
  /// - Returns: false if any entry failed (so piped input can exit non-zero).
  @discardableResult
  public func run() -> Bool {
    var pending: [String] = []
    var allSucceeded = true
    while true {
      let prompt = pending.isEmpty ? prompts.primary : prompts.continuation
      switch reader.readLine(prompt: colored(prompt)) {
      case .endOfInput:
        if !pending.isEmpty {
          let source = pending.joined(separator: "\n")
          let status = session.submit(source, endOfBlock: true)
          if status == .incomplete {
            session.report(
              .syntax("unexpected end of input", at: .init(line: pending.count, column: 1)),
              source: source)
            allSucceeded = false
          } else if status == .failed {
            allSucceeded = false
          }
          reader.addHistory(source)
        }
        return allSucceeded
      case .interrupt:
        pending = []
        Interrupt.clear()
        session.interruptFlag.clear()
        session.terminal.write("KeyboardInterrupt\n")
      case .line(let line):
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if pending.isEmpty {
          if trimmed.isEmpty { continue }
          if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") {
            reader.addHistory(trimmed)
            let status = session.runCommand(trimmed, reader: reader)
            if status == .quit { return allSucceeded }
            if status == .failed { allSucceeded = false }
            continue
          }
        }
        pending.append(line)
        let source = pending.joined(separator: "\n")
        let status = session.submit(source, endOfBlock: trimmed.isEmpty)
        switch status {
        case .incomplete: continue
        case .failed: allSucceeded = false
        case .complete, .quit: break
        }
        reader.addHistory(trimmedEntry(pending))
        pending = []
      }
    }
  }

  /// The entry without the blank line that closed it.
  private func trimmedEntry(_ lines: [String]) -> String {
    var lines = lines
    while let last = lines.last, last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      lines.removeLast()
    }
    return lines.joined(separator: "\n")
  }

  /// A prompt in colour when the terminal has it. The escape sequences are bracketed by
  /// \u{01} and \u{02} (readline's "ignore" markers) so line editing measures the prompt
  /// right; readers that do not use readline drop those two characters.
  private func colored(_ prompt: String) -> String {
    guard session.terminal.supportsColor, !prompt.isEmpty else { return prompt }
    return "\u{01}\(Colors.prompt)\u{02}\(prompt)\u{01}\(Colors.reset)\u{02}"
  }
}
