// Shared fixtures: a small lesson, temporary directories, the repository's lessons.

import Foundation
import GradLanguage
import GradLessons

/// A lesson with one reading step and two exercise steps.
let sampleLesson = """
  # Squares

  Intro prose.

  ## Make a value

  ```gradrepl
  a = Value(3.0, label='a')
  ```

  ## Square it

  Make `sq = a*a` and call `sq.backward()`.

  ```check
  abs(a.grad - 2 * a.data) < 1e-9   # a.grad is 2a
  ```

  ```hint
  First tier.
  ```

  ```hint
  Second tier.
  ```

  ```solution
  sq = a*a
  sq.backward()
  ```

  ## Double it

  ```check
  double == 2 * a.data   # double is 2a
  ```

  ```solution
  double = 2 * a.data
  ```
  """

func parse(_ text: String, path: String = "lessons/01-sample.md") throws -> Lesson {
  try LessonParser.parse(text, path: path)
}

/// The error a malformed lesson gives.
func formatError(_ text: String) -> LessonFormatError? {
  do {
    _ = try LessonParser.parse(text, path: "bad.md")
    return nil
  } catch {
    return error
  }
}

func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gradrepl-lessons-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The repository's lessons/ directory.
let repositoryLessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons")

/// A lesson console reading scripted lines, writing to memory.
func scriptedConsole(
  _ lines: [String], store: LessonProgressStore?, library: LessonLibrary? = nil,
  writeRule: LessonWriteRule = LessonWriteRule(allowedDirectories: [])
) -> (LessonConsole, MemoryTerminal) {
  let screen = MemoryTerminal()
  let console = LessonConsole(
    terminal: screen, library: library, store: store, writeRule: writeRule
  ) { _ in ScriptedLineReader(lines: lines, echo: screen) }
  return (console, screen)
}
