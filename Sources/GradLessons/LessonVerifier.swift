// `gradrepl lesson check`: plays a lesson headless with its solutions and
// verifies every check. Each exercise's checks must fail before its solution
// (a check that cannot fail tells nothing) and pass after it.

import Foundation
import GradBindings
import GradLanguage

/// A problem found while verifying a lesson, at a line of its file.
public struct LessonProblem: Equatable, CustomStringConvertible, Sendable {
  public let file: String
  public let line: Int
  public let message: String

  /// `FILE:LINE: message`.
  public var description: String { "\(file):\(line): \(message)" }
}

/// What verifying one lesson found.
public struct LessonVerification: Sendable {
  public let lesson: Lesson
  public let problems: [LessonProblem]
  /// Checks evaluated after their solution.
  public let checksRun: Int

  public var passed: Bool { problems.isEmpty }

  /// One line: `ok  micrograd  9 steps, 4 exercises, 9 checks` or `FAIL ...`.
  public var summary: String { summary(nameWidth: 0) }

  /// The summary line with the lesson's name padded to `nameWidth`, so a list lines up.
  public func summary(nameWidth: Int) -> String {
    let exercises = lesson.steps.filter { $0.exercise != nil }.count
    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    let counts = [
      count(lesson.steps.count, "step"), count(exercises, "exercise"), count(checksRun, "check"),
    ]
    let name = lesson.name.padding(
      toLength: max(nameWidth, lesson.name.count), withPad: " ", startingAt: 0)
    return (passed ? "ok    " : "FAIL  ") + name + "  " + counts.joined(separator: ", ")
      + (passed ? "" : ", " + count(problems.count, "problem"))
  }
}

/// Verifies lessons in a fresh headless session each.
public enum LessonVerifier {
  /// Runs every step's code and every solution of `lesson`, checking the checks.
  public static func verify(_ lesson: Lesson) -> LessonVerification {
    let terminal = LessonTerminal(base: MemoryTerminal())
    let session = Session.standard(terminal: terminal)
    session.fileWriteRule = LessonWriteRule.standard().rule
    let runner = LessonRunner(lesson: lesson, session: session, terminal: terminal, store: nil)
    var problems: [LessonProblem] = []
    var checksRun = 0
    func problem(_ line: Int, _ message: String) {
      problems.append(LessonProblem(file: lesson.path, line: line, message: message))
    }
    for step in lesson.steps {
      for code in step.code {
        let (ok, output) = terminal.muted { runner.runQuietly(code) }
        if !ok { problem(code.line, "the code fails: " + firstLine(output)) }
      }
      guard let exercise = step.exercise else { continue }
      let before = exercise.checks.map {
        LessonRunner.evaluate($0, in: session, terminal: terminal)
      }
      if before.allSatisfy(\.passed), let first = exercise.checks.first {
        problem(
          first.line,
          "the checks of step '\(step.title)' already pass before its solution: they cannot "
            + "tell a right answer from a wrong one")
      }
      let (ok, output) = terminal.muted { runner.runQuietly(exercise.solution) }
      if !ok { problem(exercise.solution.line, "the solution fails: " + firstLine(output)) }
      for check in exercise.checks {
        checksRun += 1
        switch LessonRunner.evaluate(check, in: session, terminal: terminal) {
        case .passed: break
        case .failed(let value):
          problem(check.line, "check `\(check.expression)` is \(value) after the solution")
        case .error(let message):
          problem(check.line, "check `\(check.expression)` raises \(message)")
        }
      }
    }
    return LessonVerification(lesson: lesson, problems: problems, checksRun: checksRun)
  }

  private static func firstLine(_ text: String) -> String {
    let line = text.split(separator: "\n").first.map(String.init) ?? "an error"
    return line
  }
}
