// micrograd's own engine entered at a real terminal as a student would: pasted in one go,
// and typed line by line. Its source is read from the reference environment at run time.

import Foundation
import GradTestSupport
import Testing

@Suite(.serialized) struct MicrogradAtThePromptTests {
  /// micrograd's engine.py, or nil (with the reason) when the reference environment is absent.
  private static let engine: String? = {
    guard let folder = MicrogradClassProgram.sourceDirectory() else { return nil }
    return try? String(contentsOfFile: folder + "/engine.py", encoding: .utf8)
  }()

  /// The lecture's example, whose numbers micrograd gives: one backward, then a second
  /// without zeroing (the intermediate nodes' grads are passed on again).
  private static let example = [
    "a = Value(2.0); b = Value(-3.0)", "c = a*b + a.relu(); d = c*c + b",
    "d.backward(); print('once', a.grad, b.grad)", "d.backward(); print('twice', a.grad, b.grad)",
  ]

  @Test(
    .enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"),
    .enabled(if: engine != nil, "micrograd is not in the reference environment"))
  func pastedInOneGo() throws {
    let tmux = try TmuxSession.gradrepl(columns: 100, rows: 40)
    try tmux.waitFor(">>>")
    try tmux.paste(Self.engine ?? "")
    try tmux.press("Enter")
    // (readline redraws a block taller than the screen over itself, so the echo of the
    // paste is not read back; what the class then computes is.)
    for line in Self.example {
      try tmux.type(line)
      try tmux.press("Enter")
    }
    let screen = try tmux.waitFor("twice 80.0 -78.0\n")
    #expect(screen.contains("once 16.0 -15.0\n"))
    #expect(!screen.contains("Error"))
    // The tools read the student's class: the graph of d, drawn from its _prev and _op.
    try tmux.type(":graph d")
    try tmux.press("Enter")
    let graph = try tmux.waitFor("(ReLU)")
    #expect(graph.contains("#1 (+)  data=13.0"))
    try tmux.press("C-d")
  }

  @Test(
    .enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"),
    .enabled(if: engine != nil, "micrograd is not in the reference environment"))
  func typedLineByLine() throws {
    let tmux = try TmuxSession.gradrepl(columns: 100, rows: 40)
    try tmux.waitFor(">>>")
    // Typed, a blank line ends a block (as in Python's REPL), so a student types the class
    // without the blank lines between its methods, and one blank line after it.
    let lines = (Self.engine ?? "").split(separator: "\n").map(String.init)
      .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    for line in lines {
      // The REPL indents a line after a ':' by itself only when asked; type each as written.
      try tmux.type(line)
      try tmux.press("Enter")
    }
    try tmux.press("Enter")
    // (How readline redraws the echo of lines typed faster than it draws depends on the
    // machine's speed, so the end of the class is read from what the REPL prints, not from
    // the echo.)
    try tmux.type("print('defined', Value.__name__)")
    try tmux.press("Enter")
    try tmux.waitFor("defined Value\n", timeout: 30)
    for line in Self.example {
      try tmux.type(line)
      try tmux.press("Enter")
    }
    let screen = try tmux.waitFor("twice 80.0 -78.0\n", timeout: 30)
    #expect(screen.contains("once 16.0 -15.0\n"))
    #expect(!screen.contains("Error"))
    try tmux.press("C-d")
  }
}
