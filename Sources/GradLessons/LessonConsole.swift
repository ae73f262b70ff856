// The REPL loop with lessons in it: GradLanguage's Console runs the loop (entries,
// commands, Ctrl-C, end of input); this console plugs into its hooks for
// `:lesson NAME` and the lesson commands, a prompt that shows the step
// (`[micrograd 3/12] >>> `) and a check after every entry.

import Foundation
import GradBindings
import GradLanguage

/// Reads and runs entries like `Console`, with a lesson possibly in progress.
public final class LessonConsole {
  public let session: Session
  public let terminal: LessonTerminal
  /// The loop itself, with this console as its hooks.
  private let console: Console
  /// Where lines come from.
  public var reader: LineReader { console.reader }
  let library: LessonLibrary?
  let store: LessonProgressStore?
  let writeRule: LessonWriteRule
  /// The lesson in progress, if any.
  public private(set) var runner: LessonRunner?

  /// - Parameters:
  ///   - terminal: where everything is shown.
  ///   - library: where `:lesson NAME` finds lessons (nil: nowhere).
  ///   - store: where progress is kept (nil: not kept).
  ///   - writeRule: where code may write files while a lesson runs.
  ///   - makeReader: the line reader, given the session (readline completes from it).
  public init(
    terminal base: Terminal, library: LessonLibrary?, store: LessonProgressStore?,
    writeRule: LessonWriteRule, makeReader: (Session) -> LineReader
  ) {
    terminal = LessonTerminal(base: base)
    session = Session.standard(terminal: terminal, commands: LessonConsole.commands)
    console = Console(session: session, reader: makeReader(session), prompts: .standard)
    self.library = library
    self.store = store
    self.writeRule = writeRule
    console.hooks = self
  }

  /// The standard commands with `:lesson` and the lesson commands (for `:help` and completion;
  /// this console runs them itself).
  public static let commands: CommandRegistry = CommandRegistry.standard.adding(
    [
      ReplCommand(
        name: "lesson", arguments: "[NAME]", summary: "list the guided lessons, or start one",
        help: ":lesson lists the lessons with your progress; :lesson NAME starts one (or resumes "
          + "it where you stopped). The REPL stays yours: lesson commands are :next, :back, "
          + ":hint, :skip, :solution, :restart and :quit-lesson.",
        handler: { c in c.fail(outsideMessage) })
    ]
      + LessonCommandName.allCases.map { command in
        ReplCommand(
          name: command.rawValue, arguments: "", summary: command.summary,
          help: ":\(command.rawValue): \(command.summary.dropFirst("lesson: ".count)).",
          handler: { c in c.fail(outsideMessage) })
      })

  static let outsideMessage =
    "lessons run in the interactive REPL: start one with gradrepl lesson NAME"

  /// Starts (or resumes) the lesson called `name`.
  /// - Returns: false when there is no such lesson or it is malformed (the reason is shown).
  @discardableResult
  public func startLesson(named name: String) -> Bool {
    guard let library else {
      terminal.writeError("no lessons directory found (set GRADREPL_LESSONS)\n")
      return false
    }
    switch library.load(name) {
    case .failure(let error):
      terminal.writeError(error.message + "\n")
      return false
    case .success(let lesson):
      start(lesson)
      return true
    }
  }

  /// Starts (or resumes) `lesson` in this console's session.
  public func start(_ lesson: Lesson) {
    if let runner, runner.isActive, runner.lesson.name != lesson.name {
      _ = runner.handle(command: LessonCommandName.quitLesson.rawValue)
    }
    session.fileWriteRule = writeRule.rule
    let runner = LessonRunner(lesson: lesson, session: session, terminal: terminal, store: store)
    self.runner = runner
    runner.start()
  }

  /// The lessons with each one's progress, one a line.
  public func lessonList() -> String {
    guard let library else { return "no lessons directory found (set GRADREPL_LESSONS)\n" }
    return LessonConsole.listing(library: library, store: store)
  }

  /// `  1. micrograd   Title   step 3/12` lines for every lesson in `library`.
  public static func listing(library: LessonLibrary, store: LessonProgressStore?) -> String {
    let files = library.files()
    let loaded = files.map { LessonLibrary.load(file: $0) }
    let names = files.map { Lesson.name(forFileName: $0.lastPathComponent) }
    let width = (names.map(\.count).max() ?? 0) + 2
    var text = ""
    for (k, (name, result)) in zip(names, loaded).enumerated() {
      switch result {
      case .failure(let error):
        text += "  \(k + 1). \(name)  (\(error))\n"
      case .success(let lesson):
        let status: String
        if let store, store.hasProgress(for: lesson.name) {
          let p = store.progress(for: lesson.name)
          status =
            p.finished
            ? "finished" : "at step \(p.step + 1)/\(lesson.steps.count), \(p.solved.count) solved"
        } else {
          status = "not started (\(lesson.steps.count) steps)"
        }
        // Titles often repeat the name ("micrograd: the chain rule ..."): show it once.
        var title = lesson.title
        if title.hasPrefix(lesson.name + ": ") { title.removeFirst(lesson.name.count + 2) }
        let shown = lesson.name.padding(toLength: width, withPad: " ", startingAt: 0)
        text += "  \(k + 1). \(shown)\(title) — \(status)\n"
      }
    }
    return text.isEmpty ? "no lessons in \(library.directory.path)\n" : text
  }

  /// Reads and runs entries until end of input or `:quit`.
  /// - Returns: false if any entry failed.
  @discardableResult
  public func run() -> Bool { console.run() }
}

extension LessonConsole: ConsoleHooks {
  /// The step's prompt while a lesson runs; the sandbox for file writes is lifted once it ends.
  public func prompts(beforeReading standard: Prompts) -> Prompts {
    let active = runner.map(\.isActive) ?? false
    if !active, session.fileWriteRule != nil { session.fileWriteRule = nil }
    let primary = active ? (runner?.prompt ?? standard.primary) : standard.primary
    return Prompts(primary: primary, continuation: standard.continuation)
  }

  /// `:lesson` and the lesson commands; the rest go to the session.
  public func handleCommand(_ line: String) -> InputStatus? {
    let body = line.dropFirst()
    let name = String(body.prefix(while: { !$0.isWhitespace }))
    let argument = String(body.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
    if line.hasPrefix(":"), name == "lesson" {
      if argument.isEmpty {
        terminal.write(lessonList())
        return .complete
      }
      return startLesson(named: argument) ? .complete : .failed
    }
    if line.hasPrefix(":"), LessonCommandName(rawValue: name) != nil {
      guard let runner, runner.isActive else {
        terminal.writeError(
          ":\(name) works during a lesson; :lesson lists them, :lesson NAME starts one\n")
        return .failed
      }
      return runner.handle(command: name) ?? .failed
    }
    return nil
  }

  /// Code counts as a try at the step; a command (`:vars`, `?x`) only lets the step check.
  public func entryDidRun(_ entry: ConsoleEntry) {
    guard let runner, runner.isActive else { return }
    runner.afterEntry(countsAsTry: entry == .code)
  }
}
