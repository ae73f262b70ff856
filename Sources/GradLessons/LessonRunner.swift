// Walks a student through one lesson inside their REPL session: shows each
// step, runs its code, checks the student's work after every entry (by value,
// in the session), hands out hints in tiers, and saves where they are.

import Foundation
import GradLanguage
import GradPlot

/// How one check came out.
public enum CheckOutcome: Equatable, Sendable {
  case passed
  /// The expression was falsy; the text is its value.
  case failed(String)
  /// Evaluating it raised an error (e.g. a name not defined yet).
  case error(String)

  public var passed: Bool { self == .passed }
}

/// The lesson commands, in the order `:help` lists them.
public enum LessonCommandName: String, CaseIterable, Sendable {
  case next
  case back
  case hint
  case skip
  case solution
  case restart
  case quitLesson = "quit-lesson"

  /// One line for `:help`.
  var summary: String {
    switch self {
    case .next: "lesson: go on to the next step"
    case .back: "lesson: go back one step"
    case .hint: "lesson: the next hint for this exercise"
    case .skip: "lesson: enter the solution for this exercise and say what it created"
    case .solution: "lesson: show the solution without entering it"
    case .restart: "lesson: start the lesson again with a fresh session"
    case .quitLesson: "lesson: leave the lesson (progress is kept; :lesson NAME resumes)"
    }
  }
}

/// One lesson in progress in a session.
public final class LessonRunner {
  public let lesson: Lesson
  public let session: Session
  let terminal: LessonTerminal
  let store: LessonProgressStore?
  /// Where the student is.
  public private(set) var progress: LessonProgress
  /// Entries since the step opened that left its exercise unsolved.
  public private(set) var wrongTries = 0
  /// How many of this step's hints have been shown.
  public private(set) var hintsShown = 0
  /// False once the student leaves the lesson or finishes it.
  public private(set) var isActive = true
  /// Why progress could not be saved, once (it is reported a single time).
  private var reportedSaveFailure = false

  /// - Parameters:
  ///   - session: the student's session; its terminal must be `terminal`.
  ///   - store: where progress is kept (nil: not kept).
  public init(
    lesson: Lesson, session: Session, terminal: LessonTerminal, store: LessonProgressStore?
  ) {
    self.lesson = lesson
    self.session = session
    self.terminal = terminal
    self.store = store
    progress = store?.progress(for: lesson.name) ?? LessonProgress()
    if progress.step < 0 || progress.step >= lesson.steps.count || progress.finished {
      progress = LessonProgress()
    }
  }

  /// The step the student is on.
  public var step: LessonStep { lesson.steps[progress.step] }

  /// `[micrograd 3/12] >>> `.
  public var prompt: String { "[\(lesson.name) \(progress.step + 1)/\(lesson.steps.count)] >>> " }

  /// Whether the current step's exercise is solved (or the step has none).
  public var isStepDone: Bool {
    step.exercise == nil || progress.solved.contains(progress.step)
  }

  // MARK: Starting

  /// Opens the lesson: from the start, or where the student stopped, rebuilding the
  /// variables earlier steps made by replaying their code and solutions unseen.
  public func start() {
    write(bold("\(lesson.title)") + "  (\(lesson.steps.count) steps)\n")
    if progress.step == 0 {
      if !lesson.introduction.isEmpty { write(lesson.introduction + "\n") }
      write(
        "Lesson commands: :next :back :hint :skip :solution :restart :quit-lesson\n")
    } else {
      let before = Set(session.variableNames)
      let problems = replay(upTo: progress.step)
      let rebuilt = session.variableNames.filter { !before.contains($0) && $0 != "_" }
      write(
        "Resuming at step \(progress.step + 1)/\(lesson.steps.count); steps 1–\(progress.step) "
          + "replayed"
          + (rebuilt.isEmpty ? "" : ", rebuilding " + rebuilt.joined(separator: ", ")) + ".\n")
      for problem in problems { write(problem) }
    }
    present()
  }

  /// Runs steps `0..<end` (code, then the solution of each exercise) without showing them.
  /// - Returns: messages for anything that failed.
  func replay(upTo end: Int) -> [String] {
    var problems: [String] = []
    // Replayed plots are not shown: no panel opens for a step already seen.
    let presenter = PlotDisplay.presenter
    PlotDisplay.presenter = nil
    defer { PlotDisplay.presenter = presenter }
    for index in 0..<min(end, lesson.steps.count) {
      let step = lesson.steps[index]
      var pieces = step.code
      if let solution = step.exercise?.solution { pieces.append(solution) }
      for code in pieces {
        let (ok, output) = terminal.muted { runQuietly(code) }
        if !ok { problems.append("could not rebuild step \(index + 1): " + output) }
      }
    }
    return problems
  }

  /// Runs lesson code as a script whose lines are the lesson file's, so an error names
  /// FILE:LINE in the lesson; `:command` lines run as commands.
  func runQuietly(_ code: LessonCode) -> Bool {
    for piece in code.pieces {
      switch piece {
      case .code(let source, let line):
        let padding = String(repeating: "\n", count: max(0, line - 1))
        guard session.runScript(padding + source, fileName: lesson.path) else { return false }
      case .command(let text, let line):
        guard session.runCommand(text) != .failed else {
          terminal.writeError("\(lesson.path):\(line): \(text) failed\n")
          return false
        }
      }
    }
    return true
  }

  // MARK: Showing a step

  /// Shows the current step: its prose, and its code typed at the prompt and run.
  func present() {
    wrongTries = 0
    hintsShown = 0
    let number = "\(progress.step + 1)/\(lesson.steps.count)"
    write("\n" + bold("── \(lesson.name) \(number) · \(step.title) ──") + "\n")
    for block in step.blocks {
      switch block {
      case .text(let text): write(text + "\n")
      case .code(let code): enter(code)
      }
    }
    if let exercise = step.exercise {
      if progress.solved.contains(progress.step) {
        write("(solved before) :next goes on.\n")
      } else {
        let hints = exercise.hints.isEmpty ? "" : ", :hint for a hint"
        write("Your turn: type at the prompt\(hints), :skip to enter the solution.\n")
      }
    } else {
      write(
        progress.step + 1 == lesson.steps.count ? ":next ends the lesson.\n" : ":next goes on.\n")
    }
    saveProgress()
    // Work done earlier (or on another path) may already satisfy the checks.
    afterEntry(countsAsTry: false)
  }

  /// Shows `code` as if typed at the prompt, then runs it in the session (`:command` lines
  /// as commands).
  @discardableResult
  func enter(_ code: LessonCode) -> InputStatus {
    var status = InputStatus.complete
    for piece in code.pieces {
      switch piece {
      case .code(let source, _):
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.isBlank { lines.removeLast() }
        for (k, line) in lines.enumerated() {
          let continues = k > 0 && (line.first?.isWhitespace ?? true)
          write((continues ? "... " : ">>> ") + line + "\n")
        }
        if session.execute(lines.joined(separator: "\n")) == .failed { status = .failed }
      case .command(let text, _):
        write(">>> " + text + "\n")
        if session.runCommand(text) == .failed { status = .failed }
      }
    }
    return status
  }

  // MARK: Checks

  /// Evaluates every check of the current step's exercise in the session, unseen.
  public func evaluateChecks() -> [(check: LessonCheck, outcome: CheckOutcome)] {
    guard let exercise = step.exercise else { return [] }
    return exercise.checks.map { check in
      (check, LessonRunner.evaluate(check, in: session, terminal: terminal))
    }
  }

  static func evaluate(_ check: LessonCheck, in session: Session, terminal: LessonTerminal)
    -> CheckOutcome
  {
    let (result, _) = terminal.muted { session.evaluateExpression(check.expression) }
    switch result {
    case .success(let value):
      return value.isTruthy ? .passed : .failed(session.interpreter.repr(value))
    case .failure(let error):
      return .error(error.description)
    }
  }

  /// Called after each entry or command the student runs: says so when the exercise is now
  /// solved; otherwise counts a wrong try (for entries) and shows a hint every second one.
  public func afterEntry(countsAsTry: Bool) {
    guard isActive, let exercise = step.exercise, !progress.solved.contains(progress.step) else {
      return
    }
    let results = evaluateChecks()
    if results.allSatisfy(\.outcome.passed) {
      progress.solved.insert(progress.step)
      saveProgress()
      let what = results.map(\.check.description).joined(separator: "; ")
      write(green("✓ Correct: \(what).") + " " + nextOffer + "\n")
      return
    }
    guard countsAsTry else { return }
    wrongTries += 1
    let failing = results.first { !$0.outcome.passed }
    write("not yet" + (failing.map { " (✗ \($0.check.description))" } ?? "") + "\n")
    if wrongTries % 2 == 0, hintsShown < exercise.hints.count {
      showHint()
    }
  }

  private var nextOffer: String {
    progress.step + 1 == lesson.steps.count ? ":next ends the lesson." : ":next goes on."
  }

  // MARK: Commands

  /// Runs a lesson command; nil when `name` is not one.
  public func handle(command name: String) -> InputStatus? {
    guard let command = LessonCommandName(rawValue: name) else { return nil }
    switch command {
    case .next: return next()
    case .back: return back()
    case .hint: return showHint()
    case .skip: return skip()
    case .solution: return showSolution()
    case .restart: return restart()
    case .quitLesson:
      isActive = false
      saveProgress()
      write(
        "Left the lesson at step \(progress.step + 1)/\(lesson.steps.count); your variables "
          + "stay. :lesson \(lesson.name) resumes.\n")
      return .complete
    }
  }

  func next() -> InputStatus {
    guard isStepDone else {
      return fail(
        "this step's exercise is not solved yet: try it at the prompt, :hint for a hint, "
          + ":skip to enter the solution")
    }
    guard progress.step + 1 < lesson.steps.count else {
      progress.finished = true
      isActive = false
      saveProgress()
      let skipped = progress.skipped.count
      write(
        green("Lesson complete: \(lesson.title).") + " "
          + (skipped == 0
            ? "Every exercise solved by you.\n"
            : "\(skipped) exercise\(skipped == 1 ? "" : "s") skipped.\n")
          + "The session is yours; :lesson lists the lessons.\n")
      return .complete
    }
    progress.step += 1
    present()
    return .complete
  }

  func back() -> InputStatus {
    guard progress.step > 0 else { return fail("this is the first step") }
    progress.step -= 1
    present()
    return .complete
  }

  @discardableResult
  func showHint() -> InputStatus {
    guard let exercise = step.exercise else { return fail("this step has no exercise") }
    guard !exercise.hints.isEmpty else {
      return fail("this exercise has no hints; :solution shows the answer")
    }
    guard hintsShown < exercise.hints.count else {
      return fail("no more hints; :solution shows the answer, :skip enters it")
    }
    hintsShown += 1
    write("Hint \(hintsShown)/\(exercise.hints.count): \(exercise.hints[hintsShown - 1])\n")
    return .complete
  }

  func showSolution() -> InputStatus {
    guard let exercise = step.exercise else { return fail("this step has no exercise") }
    write("Solution (:skip enters it):\n")
    for line in exercise.solution.source.split(separator: "\n", omittingEmptySubsequences: false) {
      write("    " + line + "\n")
    }
    return .complete
  }

  func skip() -> InputStatus {
    guard let exercise = step.exercise else {
      // Nothing to enter: skipping a step that only explains is moving on.
      write("This step has no exercise; on to the next.\n")
      return next()
    }
    let before = snapshot()
    let status = enter(exercise.solution)
    let after = snapshot()
    let created = after.keys.filter { before[$0] == nil }
    let changed = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }
    let order = session.variableNames
    func listed(_ names: [String]) -> String {
      order.filter { names.contains($0) }.joined(separator: ", ")
    }
    var parts: [String] = []
    if !created.isEmpty { parts.append("created " + listed(created)) }
    if !changed.isEmpty { parts.append("changed " + listed(changed)) }
    write(
      "The solution " + (parts.isEmpty ? "made no new variables" : parts.joined(separator: "; "))
        + ".\n")
    let results = evaluateChecks()
    guard status != .failed, results.allSatisfy(\.outcome.passed) else {
      let failing = results.first { !$0.outcome.passed }.map { " (✗ \($0.check.description))" }
      return fail(
        "the checks still fail after the solution\(failing ?? ""); :restart starts the lesson "
          + "afresh")
    }
    progress.solved.insert(progress.step)
    progress.skipped.insert(progress.step)
    saveProgress()
    write(green("✓ Checks pass.") + " " + nextOffer + "\n")
    return .complete
  }

  /// The session's variables and how they print, to tell what code created or changed.
  private func snapshot() -> [String: String] {
    var result: [String: String] = [:]
    for name in session.variableNames where name != "_" {
      if let value = session.interpreter.lookup(name) {
        result[name] = session.interpreter.repr(value)
      }
    }
    return result
  }

  func restart() -> InputStatus {
    session.reset()
    progress = LessonProgress()
    write("Fresh session; back to step 1.\n")
    present()
    return .complete
  }

  // MARK: Output and progress

  func write(_ text: String) { terminal.write(text) }

  func fail(_ message: String) -> InputStatus {
    terminal.writeError(color(message, "\u{1B}[31m") + "\n")
    return .failed
  }

  private func saveProgress() {
    guard let store else { return }
    do {
      try store.update(lesson.name, progress)
    } catch {
      guard !reportedSaveFailure else { return }
      reportedSaveFailure = true
      _ = fail(
        "could not save lesson progress to \(store.file.path): \(error.localizedDescription)")
    }
  }

  private func color(_ text: String, _ code: String) -> String {
    terminal.supportsColor ? code + text + "\u{1B}[0m" : text
  }
  private func bold(_ text: String) -> String { color(text, "\u{1B}[1m") }
  private func green(_ text: String) -> String { color(text, "\u{1B}[32m") }
}
