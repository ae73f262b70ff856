// A REPL session: the interpreter's variables, the history of entries and the
// command registry. It knows no terminal beyond the `Terminal` protocol: it is
// fed text and answers complete / incomplete / failed.

import Foundation
import GradBase
import GradCore

/// What became of a chunk of input.
public enum InputStatus: Equatable, Sendable {
  /// It ran (or was a command) without error.
  case complete
  /// It needs more lines: an open bracket, or a block not yet ended by a blank line.
  case incomplete
  /// An error was reported.
  case failed
  /// `:quit` was entered.
  case quit
}

/// How a session shows an uncaught error that came out of functions.
public enum ErrorStyle: Equatable, Sendable {
  /// Python's traceback: `Traceback (most recent call last):`, each call from the outermost
  /// in with its source line, then the error's own line.
  case traceback
  /// The error's own line alone, as for an error at the top level (IPython's
  /// `%xmode Minimal`). The traceback is still on the error, as `ReplError.traceback`.
  case oneLine
}

/// One entry of the session's history.
public struct HistoryEntry: Equatable, Sendable {
  /// The text as entered (several lines for a block).
  public let text: String
  /// Whether it ran without error.
  public let succeeded: Bool
  /// Whether it was a `:command` or `?name`.
  public let isCommand: Bool
  /// What `:save` writes for it (a loaded file's text for `:load`), nil for nothing.
  let replay: String?
}

/// Variables, history and commands of one REPL run.
public final class Session {
  public let terminal: Terminal
  public private(set) var interpreter: Interpreter
  public private(set) var history: [HistoryEntry] = []
  /// Every command, `:help` included.
  public let commands: CommandRegistry
  /// The families of built-ins every fresh interpreter (and `:reset`) starts with.
  let builtins: [any BuiltinProvider.Type]
  /// Stops this session's running code (with KeyboardInterrupt) from any thread; Ctrl-C
  /// (GradBase's process-wide `Interrupt`) stops it too.
  public let interruptFlag = InterruptFlag()
  /// Where `:save`, `:dot` and `torch.save` may write (nil: anywhere); kept across `:reset`.
  public var fileWriteRule: FileWriteRule? {
    didSet { interpreter.fileWriteRule = fileWriteRule }
  }
  /// Whether errors from inside functions show their traceback; kept across `:reset`.
  public var errorStyle: ErrorStyle
  /// The error reported last, for lessons and tests that read it as data (its `traceback`
  /// frames, its kind); nil until one is reported.
  public private(set) var lastError: ReplError?

  /// A fresh session writing to `terminal`; by default it speaks the language alone.
  /// - Parameters:
  ///   - builtins: the families of built-in names, in registration order
  ///     (`BuiltinTable.languageProviders`, followed by any that bind an engine).
  ///   - commands: the `:` commands (`.language`, or more via `adding(_:)`).
  ///   - errorStyle: `.traceback` (the default) for what Python shows; `.oneLine` keeps only
  ///     the error's own line, as IPython's minimal mode does.
  public init(
    terminal: Terminal, builtins: [any BuiltinProvider.Type] = BuiltinTable.languageProviders,
    commands: CommandRegistry = .language, errorStyle: ErrorStyle = .traceback
  ) {
    self.terminal = terminal
    self.builtins = builtins
    self.errorStyle = errorStyle
    interpreter = Session.makeInterpreter(
      terminal: terminal, interruptFlag: interruptFlag, builtins: builtins)
    self.commands = commands
  }

  private static func makeInterpreter(
    terminal: Terminal, interruptFlag: InterruptFlag, builtins: [any BuiltinProvider.Type]
  ) -> Interpreter {
    let interpreter = Interpreter(symbols: SymbolTable(), interruptFlag: interruptFlag) {
      [weak terminal] text in
      terminal?.write(text)
    }
    interpreter.terminal = terminal
    for (name, value) in BuiltinTable.filled(by: builtins).entries {
      interpreter.defineBuiltin(name, value)
    }
    return interpreter
  }

  /// Forgets every variable and the history; built-ins and the random seed start afresh.
  public func reset() {
    // Suspended generators hold threads (and the old interpreter): let them finish.
    interpreter.closeAllGenerators()
    interpreter = Session.makeInterpreter(
      terminal: terminal, interruptFlag: interruptFlag, builtins: builtins)
    interpreter.fileWriteRule = fileWriteRule
    history = []
  }

  deinit { interpreter.closeAllGenerators() }

  // MARK: Input at the prompt

  /// Feeds the text typed so far for one entry.
  ///
  /// Returns `.incomplete` while a bracket is open or a block (`for`, `def`, `if`, ...)
  /// has not been ended by a blank line (`endOfBlock`); otherwise runs it, echoing the
  /// value of expression statements, and records it in the history.
  /// - Parameters:
  ///   - source: every line of the entry so far, joined with newlines.
  ///   - endOfBlock: the last line was blank (or input ended), so an open block is finished.
  public func submit(_ source: String, endOfBlock: Bool) -> InputStatus {
    submit(source, endOfBlock: endOfBlock, recording: true)
  }

  func submit(_ source: String, endOfBlock: Bool, recording: Bool) -> InputStatus {
    let compiled: Interpreter.Compiled
    do {
      compiled = try interpreter.compile(source)
    } catch {
      if error.isIncompleteInput {
        if !(endOfBlock && error.isEndedByBlankLine) { return .incomplete }
        var blockError = error
        if error.message.hasPrefix("expected an indented block") {
          blockError.kind = "IndentationError"
        }
        blockError.isIncompleteInput = false
        report(blockError, source: source)
      } else {
        report(error, source: source)
      }
      if recording { record(source, succeeded: false) }
      return .failed
    }
    if !endOfBlock, compiled.statements.contains(where: \.isCompound) {
      return .incomplete
    }
    let ok = run(compiled, echo: true, source: source, fileName: nil)
    if recording { record(source, succeeded: ok) }
    return ok ? .complete : .failed
  }

  /// Runs a whole entry at once (as if a blank line followed it), echoing values.
  public func execute(_ source: String) -> InputStatus {
    submit(source, endOfBlock: true)
  }

  private func record(
    _ source: String, succeeded: Bool, isCommand: Bool = false, replay: String? = nil
  ) {
    // The blank line that closed a block is not part of the entry.
    var lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    while let last = lines.last, last.allSatisfy(\.isWhitespace) {
      lines.removeLast()
    }
    let text = lines.joined(separator: "\n")
    history.append(
      HistoryEntry(
        text: text, succeeded: succeeded, isCommand: isCommand,
        replay: isCommand ? replay : text))
  }

  /// Runs compiled statements; reports an error and returns false if one occurs.
  private func run(
    _ compiled: Interpreter.Compiled, echo: Bool, source: String, fileName: String?
  ) -> Bool {
    clearInterrupts()
    // Scripts print nothing for expression statements, but still keep `_`, so a session
    // saved with :save replays the same way it ran.
    let echoValue: (RValue) throws(ReplError) -> Void = { [self] value throws(ReplError) in
      interpreter.setGlobal("_", value)
      if echo {
        terminal.write(colored(try interpreter.checkedRepr(value), Colors.echo) + "\n")
      }
    }
    var failure: ReplError?
    // Deep recursion in the user's program needs more stack than the caller's thread has.
    DeepStack.run {
      do throws(ReplError) { try interpreter.run(compiled, echo: echoValue) } catch {
        failure = error
      }
    }
    if let failure {
      report(failure, source: source, fileName: fileName)
      return false
    }
    return true
  }

  // MARK: Scripts

  /// Runs a script's text into the session, without echo. An error stops it and is
  /// reported as `FILE:LINE:COL: message`.
  /// - Returns: whether the whole script ran without error.
  public func runScript(_ text: String, fileName: String) -> Bool {
    do {
      let compiled = try interpreter.compile(text, fileName: fileName)
      return run(compiled, echo: false, source: text, fileName: fileName)
    } catch {
      report(error, source: text, fileName: fileName)
      return false
    }
  }

  // MARK: Errors

  /// Writes an error the way a user should see it.
  ///
  /// An error that came out of a function shows Python's traceback (in the `.traceback`
  /// style), the calls from the
  /// outermost in to the line that raised it, then its own line (`ReplError.tracebackText`).
  /// An error at the top level is one line, as it always was. At the prompt:
  /// `NameError: ...`, and for syntax errors the line with a caret under the column first.
  /// In a script: `FILE:LINE:COL: NameError: ...`.
  func report(_ error: ReplError, source: String?, fileName: String? = nil) {
    lastError = error
    if errorStyle == .traceback, error.hasFunctionFrames {
      terminal.writeError(colored(error.tracebackText, Colors.error))
      return
    }
    var text = ""
    let isSyntax = error.kind == "SyntaxError" || error.kind == "IndentationError"
    if let fileName {
      let where_ = error.position.map { "\($0.line):\($0.column): " } ?? ""
      text += "\(fileName):\(where_)\(error.description)\n"
    }
    if isSyntax || error.showsSourceLine, let source, let p = error.position {
      let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
      if p.line >= 1 && p.line <= lines.count {
        let line = String(lines[p.line - 1])
        let shown = line.replacingOccurrences(of: "\t", with: " ")
        let caret = String(repeating: " ", count: max(0, min(p.column - 1, shown.count)))
        text += "    \(shown)\n    \(caret)^\n"
      }
    }
    if fileName == nil { text += error.description + "\n" }
    terminal.writeError(colored(text, Colors.error))
  }

  func colored(_ text: String, _ color: String) -> String {
    guard terminal.supportsColor, !text.isEmpty else { return text }
    if text.hasSuffix("\n") {
      return color + text.dropLast() + Colors.reset + "\n"
    }
    return color + text + Colors.reset
  }

  // MARK: Commands

  /// Runs a `:command` line or `?name`; records it in the history.
  /// - Parameter reader: where `:step` reads its Enter keys (nil: run all steps at once).
  public func runCommand(_ line: String, reader: LineReader? = nil) -> InputStatus {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    var status: InputStatus
    var replay: String?
    if trimmed.hasPrefix("?") {
      status = explain(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces))
    } else {
      let body = trimmed.dropFirst()
      let name = String(body.prefix(while: { !$0.isWhitespace }))
      let argument = String(body.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
      guard let command = commands.command(named: name) else {
        var message = "unknown command ':\(name)'"
        if let suggestion = closestName(to: name, among: commands.all.map(\.name)) {
          message += ". Did you mean ':\(suggestion)'?"
        }
        terminal.writeError(colored(message + " (:help lists the commands)\n", Colors.error))
        record(trimmed, succeeded: false, isCommand: true)
        return .failed
      }
      let context = CommandContext(session: self, argument: argument, reader: reader)
      status = command.run(context)
      replay = context.replay
      if command.name == "reset" || command.name == "quit" { return status }
    }
    record(trimmed, succeeded: status != .failed, isCommand: true, replay: replay)
    return status
  }

  /// `?name`: help for a variable or a built-in (or any expression).
  func explain(_ name: String) -> InputStatus {
    guard !name.isEmpty else {
      terminal.write(
        "?name explains a variable or built-in, e.g. ?Value, ?print, ?a. :help lists commands.\n")
      return .complete
    }
    do throws(ReplError) {
      let value = try evaluate(name)
      terminal.write(interpreter.helpText(for: value) + "\n")
      return .complete
    } catch {
      report(error, source: name)
      return .failed
    }
  }

  /// Forgets stop requests made before new input starts running.
  private func clearInterrupts() {
    Interrupt.clear()
    interruptFlag.clear()
  }

  /// Evaluates an expression typed as a command argument (`:graph L`).
  func evaluate(_ expression: String) throws(ReplError) -> RValue {
    let compiled = try interpreter.compile(expression)
    guard compiled.statements.count == 1, case .expression(let e, _, _) = compiled.statements[0]
    else {
      throw ReplError.syntax("expected an expression", at: .init(line: 1, column: 1))
    }
    clearInterrupts()
    interpreter.beginRun()
    let frame = Frame(size: compiled.frameSize, parent: nil)
    return try interpreter.heap.withCurrent { () throws(ReplError) in
      try interpreter.eval(e, frame)
    }
  }

  /// The source a `:save` writes: every successful entry, replayable as a script.
  public var replayableSource: String {
    var parts: [String] = []
    for entry in history where entry.succeeded {
      guard let text = entry.replay else { continue }
      parts.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
    }
    return parts.map { $0 + "\n" }.joined(separator: "\n")
  }

  /// Names of the user's variables (not built-ins), in definition order.
  public var variableNames: [String] {
    interpreter.globalNames
  }
}

/// ANSI colours, used only when the terminal supports them.
enum Colors {
  static let error = "\u{1B}[31m"
  static let echo = "\u{1B}[36m"
  static let prompt = "\u{1B}[2;32m"
  static let reset = "\u{1B}[0m"
}
