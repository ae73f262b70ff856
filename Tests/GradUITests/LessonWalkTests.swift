// A student at a real (pseudo-)terminal walks the first lesson: a wrong answer,
// a hint, the right answer, :next, quit; then starts again and resumes there.

import Foundation
import GradTestSupport
import Testing

/// The repository's lessons, whatever directory the tests run from.
let lessonsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

@Suite(.serialized) struct LessonWalkTests {
  @Test func aStudentWalksQuitsAndResumes() throws {
    let state = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-lesson-walk-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let environment = [
      "XDG_STATE_HOME": state.path, "XDG_DATA_HOME": state.path,
      "GRADREPL_LESSONS": lessonsDirectory,
    ]
    do {
      let tty = try PseudoTerminal(arguments: ["lesson", "micrograd"], environment: environment)
      try tty.expect("[micrograd 1/8] >>> ")
      tty.send(":next\r")
      try tty.expect("── micrograd 2/8 · The last node first ──")
      try tty.expect("[micrograd 2/8] >>> ")
      tty.send("dL_dd = 1.0\r")  // wrong: ∂L/∂d is f
      try tty.expect("not yet (✗ dL_dd is ∂L/∂d = f)")
      try tty.expect("[micrograd 2/8] >>> ")
      tty.send(":hint\r")
      try tty.expect("Hint 1/2: For L = d·f")
      try tty.expect("[micrograd 2/8] >>> ")
      tty.send("dL_dd = f.data\r")
      try tty.expect("not yet (✗ dL_df is ∂L/∂f = d)")
      try tty.expect("[micrograd 2/8] >>> ")
      tty.send("dL_df = d.data\r")
      try tty.expect("✓ Correct: dL_dd is ∂L/∂d = f; dL_df is ∂L/∂f = d. :next goes on.")
      try tty.expect("[micrograd 2/8] >>> ")
      tty.send(":next\r")
      try tty.expect("[micrograd 3/8] >>> ")
      tty.send("\u{04}")
      #expect(tty.waitForExit() == 0)
    }
    let progress = try String(
      contentsOf: state.appendingPathComponent("gradrepl/lessons.json"), encoding: .utf8)
    #expect(progress.contains("\"step\" : 2"))

    let again = try PseudoTerminal(arguments: ["lesson", "micrograd"], environment: environment)
    try again.expect("Resuming at step 3/8; steps 1–2 replayed")
    try again.expect("[micrograd 3/8] >>> ")
    // The variables of the earlier steps are back, rebuilt from their code and solutions.
    again.send("dL_dd * b.data\r")
    try again.expect("6.0")
    try again.expect("[micrograd 3/8] >>> ")
    again.send(":quit-lesson\r")
    try again.expect("Left the lesson at step 3/8")
    try again.expect(">>> ")
    again.send("\u{04}")
    #expect(again.waitForExit() == 0)
  }

  @Test func theReplStartsALessonWithTheLessonCommand() throws {
    let state = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-lesson-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let tty = try PseudoTerminal(environment: [
      "XDG_STATE_HOME": state.path, "GRADREPL_LESSONS": lessonsDirectory,
    ])
    try tty.expect(">>> ")
    tty.send(":lesson\r")
    try tty.expect("1. micrograd")
    try tty.expect(">>> ")
    tty.send(":lesson autograd\r")
    try tty.expect("[autograd 1/6] >>> ")
    tty.send(":skip\r")
    try tty.expect("✓ Checks pass.")
    try tty.expect("[autograd 1/6] >>> ")
    tty.send("\u{04}")
    #expect(tty.waitForExit() == 0)
  }
}
