// `gradrepl lesson ...`: list the guided lessons, take one, play one for a
// classroom, or verify them all headless.

import ArgumentParser
import Foundation
import GradLanguage
import GradLessons
import GradPlot
import GradUI

/// Guided lessons.
struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson",
    abstract: "Guided lessons: list them, take one, play one for a class, or verify them.",
    discussion: """
      gradrepl lesson               lists the lessons with your progress
      gradrepl lesson NAME          starts NAME (or resumes it where you stopped)
      gradrepl lesson NAME --demo   plays NAME for a projector
      gradrepl lesson check [NAME]  runs the lessons with their solutions and verifies every check
      Lessons are Markdown files in lessons/ (or $GRADREPL_LESSONS); see docs/lesson-format.md.
      """,
    subcommands: [Take.self, Check.self],
    defaultSubcommand: Take.self
  )

  /// The lessons directory, from `--lessons` or the usual places.
  static func library(_ directory: String?) throws -> LessonLibrary {
    if let directory {
      return LessonLibrary(directory: URL(fileURLWithPath: directory))
    }
    guard let library = LessonLibrary.locate() else {
      throw ValidationError(
        "no lessons directory found: run from the source folder, or set GRADREPL_LESSONS "
          + "or --lessons DIR")
    }
    return library
  }

  /// The interactive REPL with `:lesson` in it (the plain `gradrepl` at a terminal).
  static func interactiveREPL(_ terminal: StandardTerminal) {
    let console = makeConsole(terminal: terminal, library: LessonLibrary.locate())
    console.run()
    (console.reader as? ReadlineLineReader)?.saveHistory()
  }

  static func makeConsole(terminal: Terminal, library: LessonLibrary?) -> LessonConsole {
    LessonConsole(
      terminal: terminal, library: library, store: LessonProgressStore.standard(),
      writeRule: LessonWriteRule.standard()
    ) { session -> LineReader in
      guard TerminalInfo.isTTY(STDIN_FILENO) else { return StreamLineReader() }
      return ReadlineLineReader(historyFile: StateDirectory.historyFile, completion: session)
    }
  }

  /// `gradrepl lesson [NAME] [--demo]`.
  struct Take: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "take", abstract: "List the lessons, or start one (default).")

    @Argument(help: "The lesson: its name (micrograd), number (1) or file.")
    var name: String?

    @Flag(help: "Play the lesson for a projector: code typed out, a pause at each step.")
    var demo = false

    @Option(help: "With --demo: go on after SECONDS at each step instead of waiting for a key.")
    var auto: Double?

    @Option(help: "With --demo: seconds between typed characters.")
    var pace = 0.03

    @Option(help: "The lessons directory (default: lessons/ here or beside the program).")
    var lessons: String?

    @Flag(name: .customLong("no-color"), help: "Never colour output.")
    var noColor = false

    func validate() throws {
      if let auto, !(auto >= 0 && auto <= 3600) {
        throw ValidationError("--auto must be between 0 and 3600 seconds")
      }
      guard pace >= 0 && pace <= 1 else {
        throw ValidationError("--pace must be between 0 and 1 second per character")
      }
      if (auto != nil) && !demo { throw ValidationError("--auto goes with --demo") }
      if demo && name == nil { throw ValidationError("--demo needs a lesson name") }
    }

    func run() throws {
      let library = try LessonCommand.library(lessons)
      guard let name else {
        print(
          LessonConsole.listing(library: library, store: LessonProgressStore.standard()),
          terminator: "")
        print("gradrepl lesson NAME starts one.")
        return
      }
      let lesson: Lesson
      switch library.load(name) {
      case .success(let loaded): lesson = loaded
      case .failure(let error): throw ValidationError(error.message)
      }
      Signals.install()
      let terminal = StandardTerminal(color: !noColor)
      // Where the lesson plots, a panel opens (q returns); with --auto nobody is there to
      // close it, so plots are drawn as text instead.
      if auto == nil, CursesPanel.unavailableReason() == nil {
        PlotDisplay.presenter = CursesPanel()
      }
      if demo {
        let player = LessonDemo(
          lesson: lesson, terminal: terminal,
          pace: LessonDemoPace(secondsPerCharacter: pace, autoAdvance: auto),
          waitForKey: KeyPress.waitForKey,
          sleep: { seconds in usleep(UInt32(min(seconds, 3600) * 1_000_000)) })
        if !player.run() { throw ExitCode(1) }
        return
      }
      let console = LessonCommand.makeConsole(terminal: terminal, library: library)
      console.start(lesson)
      console.run()
      (console.reader as? ReadlineLineReader)?.saveHistory()
    }
  }

  /// `gradrepl lesson check [NAME]`.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run lessons headless with their solutions and verify every check.")

    @Argument(help: "One lesson to verify (default: all).")
    var name: String?

    @Option(help: "The lessons directory (default: lessons/ here or beside the program).")
    var lessons: String?

    func run() throws {
      let library = try LessonCommand.library(lessons)
      let files: [URL]
      if let name {
        switch library.file(named: name) {
        case .success(let file): files = [file]
        case .failure(let error): throw ValidationError(error.message)
        }
      } else {
        files = library.files()
      }
      guard !files.isEmpty else { throw ValidationError("no lessons in \(library.directory.path)") }
      var failed = false
      let nameWidth = files.map { Lesson.name(forFileName: $0.lastPathComponent).count }.max() ?? 0
      for file in files {
        switch LessonLibrary.load(file: file) {
        case .failure(let error):
          failed = true
          print(error.message)
        case .success(let lesson):
          let result = LessonVerifier.verify(lesson)
          for problem in result.problems { print(problem.description) }
          print(result.summary(nameWidth: nameWidth))
          if !result.passed { failed = true }
        }
      }
      if failed { throw ExitCode(1) }
    }
  }
}

/// One key press from the terminal, for the demo's pauses.
enum KeyPress {
  /// Waits for a key; false when it was q (or input ended).
  static func waitForKey() -> Bool {
    guard TerminalInfo.isTTY(STDIN_FILENO) else {
      // Piped input: a line per pause; end of input plays the rest without pausing.
      guard let line = readLine() else { return true }
      return !line.lowercased().hasPrefix("q")
    }
    var saved = termios()
    tcgetattr(STDIN_FILENO, &saved)
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    var byte: UInt8 = 0
    let count = read(STDIN_FILENO, &byte, 1)
    guard count == 1 else { return false }
    return byte != UInt8(ascii: "q") && byte != UInt8(ascii: "Q") && byte != 4
  }
}
