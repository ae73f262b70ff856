// The `:` commands, in one registry (name, arguments, summary, help, handler);
// `:help` is generated from it, as in Python's `cmd` module.

import Foundation
import GradCore

/// What a command handler gets: the session, the text after the command name, and the
/// line reader (for commands that ask for more input, like `:step`).
public final class CommandContext {
  public let session: Session
  public let argument: String
  public let reader: LineReader?
  /// What `:save` should write for this command (set by `:load`).
  var replay: String?

  init(session: Session, argument: String, reader: LineReader?) {
    self.session = session
    self.argument = argument
    self.reader = reader
  }

  /// Writes to the session's terminal.
  public func write(_ text: String) { session.terminal.write(text) }

  /// Reports an error line (in red where the terminal has colour) and returns `.failed`.
  public func fail(_ message: String) -> InputStatus {
    session.terminal.writeError(session.colored(message + "\n", Colors.error))
    return .failed
  }

  func fail(_ error: ReplError) -> InputStatus {
    session.report(error, source: argument)
    return .failed
  }
}

/// One `:command`.
public struct ReplCommand: Sendable {
  /// The name typed after the colon.
  public let name: String
  /// How its arguments are written, e.g. `X FILE`.
  public let arguments: String
  /// One line for the `:help` list.
  public let summary: String
  /// The full explanation for `:help NAME`.
  public let help: String
  let handler: @Sendable (CommandContext) -> InputStatus

  /// A command; `handler` gets the context and returns how it went.
  public init(
    name: String, arguments: String, summary: String, help: String,
    handler: @escaping @Sendable (CommandContext) -> InputStatus
  ) {
    self.name = name
    self.arguments = arguments
    self.summary = summary
    self.help = help
    self.handler = handler
  }

  func run(_ context: CommandContext) -> InputStatus { handler(context) }
}

/// The registry of commands.
public struct CommandRegistry: Sendable {
  public let all: [ReplCommand]

  public init(all: [ReplCommand]) { self.all = all }

  /// This registry with more commands (a command with the same name is replaced).
  public func adding(_ commands: [ReplCommand]) -> CommandRegistry {
    let names = Set(commands.map(\.name))
    return CommandRegistry(all: all.filter { !names.contains($0.name) } + commands)
  }

  /// This registry with `commands` placed right after the command `name` (at the end when
  /// there is none), so `:help` lists them beside their kin; a command with the same name
  /// is replaced.
  public func inserting(_ commands: [ReplCommand], after name: String) -> CommandRegistry {
    let names = Set(commands.map(\.name))
    var kept = all.filter { !names.contains($0.name) }
    let position = kept.firstIndex { $0.name == name }.map { $0 + 1 } ?? kept.endIndex
    kept.insert(contentsOf: commands, at: position)
    return CommandRegistry(all: kept)
  }

  public func command(named name: String) -> ReplCommand? { all.first { $0.name == name } }

  /// The widest usage that still shares its line with its summary in `:help`.
  static let helpColumn = 24

  /// The `:help` text, generated from the registry.
  public var helpText: String {
    let usages = all.map { ":" + $0.name + ($0.arguments.isEmpty ? "" : " " + $0.arguments) }
    // The summaries line up after the usages that fit in a column; a longer usage (such
    // as :plot's settings) gets a line of its own, its summary indented below.
    let column = Self.helpColumn
    let width = (usages.map(\.count).filter { $0 <= column }.max() ?? column) + 3
    var lines = ["Commands:"]
    for (c, usage) in zip(all, usages) {
      if usage.count + 3 > width {
        lines.append("  " + usage)
        lines.append("  " + String(repeating: " ", count: width) + c.summary)
      } else {
        lines.append("  " + usage.padding(toLength: width, withPad: " ", startingAt: 0) + c.summary)
      }
    }
    lines.append("Also: ?name explains a variable or built-in; help(x) does the same in code.")
    return lines.joined(separator: "\n") + "\n"
  }
}
