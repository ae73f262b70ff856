// The read-eval-print loop over a LineReader and a Terminal.
//
// Lines gather into one entry while the session answers `.incomplete` (an
// open bracket, or a block not yet closed by a blank line, as in Python's
// REPL); `:commands` and `?name` are whole entries of their own. A console
// that adds to the REPL (the lessons') reuses this loop through
// `ConsoleHooks` instead of writing its own.

import Foundation
import GradBase

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

/// What kind of entry a console just ran.
public enum ConsoleEntry: Equatable, Sendable {
  /// Code the session ran (complete or failed).
  case code
  /// A `:command` or `?name` the session ran.
  case command
}

/// Where a console built on `Console`'s loop changes it: the lesson console shows the step in
/// the prompt, runs the lesson commands itself and checks the step after each entry.
///
/// Every requirement has a default that keeps the plain REPL's behaviour.
public protocol ConsoleHooks: AnyObject {
  /// The prompts for the next line, asked before every read, so state that decides them can
  /// be brought up to date there. The default is `standard`, the console's own.
  func prompts(beforeReading standard: Prompts) -> Prompts
  /// Runs a `:command` or `?name` entry before the session sees it; nil (the default) hands it
  /// to the session.
  func handleCommand(_ line: String) -> InputStatus?
  /// Called after the session ran an entry (not after `:quit`, nor after a command the hooks
  /// handled). The default does nothing.
  func entryDidRun(_ entry: ConsoleEntry)
}

extension ConsoleHooks {
  public func prompts(beforeReading standard: Prompts) -> Prompts { standard }
  public func handleCommand(_ line: String) -> InputStatus? { nil }
  public func entryDidRun(_ entry: ConsoleEntry) {}
}

/// Runs a session interactively: read lines, feed entries, show results.
public final class Console {
  public let session: Session
  public let reader: LineReader
  public var prompts: Prompts
  /// What a console built on this loop adds (nil: the plain REPL). Held weakly: the console
  /// that installs itself here owns this one.
  public weak var hooks: ConsoleHooks?

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
  ///
  /// Lines gather into one entry while the session answers `.incomplete`; Ctrl-C drops the
  /// entry so far and prompts again; at end of input a pending entry runs as if closed, and an
  /// entry still open then is a syntax error.
  /// - Returns: false if any entry failed (so piped input can exit non-zero).
  @discardableResult
  public func run() -> Bool {
    var pending: [String] = []
    var allSucceeded = true
    while true {
      let current = hooks?.prompts(beforeReading: prompts) ?? prompts
      let prompt = pending.isEmpty ? current.primary : current.continuation
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
          hooks?.entryDidRun(.code)
        }
        return allSucceeded
      case .interrupt:
        pending = []
        Interrupt.clear()
        session.interruptFlag.clear()
        session.terminal.write("KeyboardInterrupt\n")
      case .line(let typed):
        // A line with newlines in it is a block: a bracketed paste, or a block recalled from
        // history. It is one entry, blank lines included (Python 3.13 and IPython take a
        // paste whole), ended as if a blank line followed. Piped input never has one.
        let isBlock = typed.contains("\n")
        let line = isBlock ? trailingBlankLinesRemoved(typed) : typed
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if pending.isEmpty {
          if trimmed.isEmpty { continue }
          if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") {
            reader.addHistory(trimmed)
            let status = command(trimmed)
            if status == .quit { return allSucceeded }
            if status == .failed { allSucceeded = false }
            continue
          }
        }
        pending.append(line)
        let source = pending.joined(separator: "\n")
        let status = session.submit(source, endOfBlock: trimmed.isEmpty || isBlock)
        switch status {
        case .incomplete: continue
        case .failed: allSucceeded = false
        case .complete, .quit: break
        }
        if pending.count == 1 && isBlock {
          reader.addHistory(block: line)
        } else {
          reader.addHistory(trimmedEntry(pending))
        }
        pending = []
        hooks?.entryDidRun(.code)
      }
    }
  }

  /// Runs a `:command` or `?name`: the hooks' first, then the session's.
  private func command(_ line: String) -> InputStatus {
    if let status = hooks?.handleCommand(line) { return status }
    let status = session.runCommand(line, reader: reader)
    if status != .quit { hooks?.entryDidRun(.command) }
    return status
  }

  /// A pasted block without the blank lines (or the newline) it ends with.
  private func trailingBlankLinesRemoved(_ block: String) -> String {
    var lines = block.split(separator: "\n", omittingEmptySubsequences: false)
    while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
      lines.removeLast()
    }
    return lines.joined(separator: "\n")
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
