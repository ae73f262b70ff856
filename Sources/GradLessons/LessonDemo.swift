// Classroom mode: a lesson played for a projector. Prose appears, code is typed
// out at a readable pace and run, each exercise is answered with its solution
// and its checks shown passing, and the demo waits at each step for a key (or a
// number of seconds).

import Foundation
import GradBase
import GradBindings
import GradLanguage

/// How a demo is paced.
public struct LessonDemoPace: Sendable {
  /// Seconds between typed characters (0: instant).
  public var secondsPerCharacter: Double
  /// Seconds to wait at each step; nil waits for a key.
  public var autoAdvance: Double?

  public init(secondsPerCharacter: Double, autoAdvance: Double?) {
    self.secondsPerCharacter = secondsPerCharacter
    self.autoAdvance = autoAdvance
  }
}

/// Plays one lesson.
public final class LessonDemo {
  public let lesson: Lesson
  let terminal: LessonTerminal
  let session: Session
  let runner: LessonRunner
  let pace: LessonDemoPace
  let waitForKey: () -> Bool
  let sleep: (Double) -> Void
  /// Ctrl-C was pressed: stop at the next chance.
  private var stopped = false

  /// - Parameters:
  ///   - waitForKey: waits at the end of a step; false stops the demo (q pressed).
  ///   - sleep: pauses for that many seconds (typing pace, `--auto`).
  public init(
    lesson: Lesson, terminal base: Terminal, pace: LessonDemoPace,
    waitForKey: @escaping () -> Bool, sleep: @escaping (Double) -> Void
  ) {
    self.lesson = lesson
    terminal = LessonTerminal(base: base)
    session = Session.standard(terminal: terminal)
    session.fileWriteRule = LessonWriteRule.standard().rule
    runner = LessonRunner(lesson: lesson, session: session, terminal: terminal, store: nil)
    self.pace = pace
    self.waitForKey = waitForKey
    self.sleep = sleep
  }

  /// Plays every step. - Returns: whether every solution's checks passed.
  @discardableResult
  public func run() -> Bool {
    var allPassed = true
    write(lesson.title + "\n" + String(repeating: "═", count: min(60, lesson.title.count)) + "\n")
    if !lesson.introduction.isEmpty { write(lesson.introduction + "\n") }
    for (index, step) in lesson.steps.enumerated() {
      // Ctrl-C stops the demo between steps (and stops running code, as at the prompt).
      guard !stopped, !Interrupt.isRequested else {
        write("\nstopped at step \(index + 1)/\(lesson.steps.count)\n")
        return allPassed
      }
      write("\n── \(index + 1)/\(lesson.steps.count) · \(step.title) ──\n")
      for block in step.blocks where !stopped {
        switch block {
        case .text(let text): write(text + "\n")
        case .code(let code): type(code)
        }
      }
      if stopped {
        write("\nstopped at step \(index + 1)/\(lesson.steps.count)\n")
        return allPassed
      }
      if let exercise = step.exercise {
        write("Exercise: the solution\n")
        type(exercise.solution)
        for check in exercise.checks {
          let outcome = LessonRunner.evaluate(check, in: session, terminal: terminal)
          if !outcome.passed { allPassed = false }
          write((outcome.passed ? "  ✓ " : "  ✗ ") + check.description + "\n")
        }
      }
      guard index + 1 < lesson.steps.count else { break }
      if let seconds = pace.autoAdvance {
        sleep(seconds)
      } else {
        write("(any key: next step, q: stop)\n")
        if !waitForKey() {
          write("stopped at step \(index + 1)/\(lesson.steps.count)\n")
          return allPassed
        }
      }
    }
    write("\nEnd of \(lesson.title).\n")
    return allPassed
  }

  /// Types `code` at a `>>> ` prompt a character at a time, then runs it.
  private func type(_ code: LessonCode) {
    for piece in code.pieces {
      switch piece {
      case .code(let source, _):
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.isBlank { lines.removeLast() }
        for (k, line) in lines.enumerated() {
          let continues = k > 0 && (line.first?.isWhitespace ?? true)
          if stopped { return }
          typeLine((continues ? "... " : ">>> "), line)
        }
        if stopped { return }
        _ = session.execute(lines.joined(separator: "\n"))
      case .command(let text, _):
        typeLine(">>> ", text)
        if stopped { return }
        _ = session.runCommand(text)
      }
    }
  }

  private func typeLine(_ prompt: String, _ line: String) {
    write(prompt)
    for character in line {
      if Interrupt.isRequested { stopped = true }
      if stopped { break }
      write(String(character))
      if pace.secondsPerCharacter > 0 { sleep(pace.secondsPerCharacter) }
    }
    write("\n")
  }

  private func write(_ text: String) { terminal.write(text) }
}
