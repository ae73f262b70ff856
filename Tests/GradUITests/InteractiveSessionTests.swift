// The real binary at a real (pseudo-)terminal: what a student sees.

import Foundation
import GradTestSupport
import Testing

/// A fresh state directory per test, so history is the test's own.
private func temporaryStateDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gradrepl-ui-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

@Suite(.serialized) struct InteractiveSessionTests {
  @Test func typingAnExpressionPrintsItsValue() throws {
    let state = try temporaryStateDirectory()
    let tty = try PseudoTerminal(environment: ["XDG_STATE_HOME": state.path])
    try tty.expect(">>> ")
    tty.send("a = Value(2.0); b = Value(-3.0); c = a*b + a.tanh(); c.backward(); a.grad\r")
    let screen = try tty.expect(">>> ")
    // ∂c/∂a = b + (1 − tanh²(2))
    let expected = -3.0 + (1 - pow(tanh(2.0), 2))
    #expect(screen.contains(String(expected)))
    tty.send("\u{04}")
    #expect(tty.waitForExit() == 0)
  }

  @Test func historyIsRecalledInTheNextRun() throws {
    let state = try temporaryStateDirectory()
    do {
      let first = try PseudoTerminal(environment: ["XDG_STATE_HOME": state.path])
      try first.expect(">>> ")
      first.send("answer = 41\r")
      try first.expect(">>> ")
      first.send("\u{04}")
      #expect(first.waitForExit() == 0)
    }
    let history = try String(
      contentsOf: state.appendingPathComponent("gradrepl/history"), encoding: .utf8)
    #expect(history.contains("answer = 41"))

    let second = try PseudoTerminal(environment: ["XDG_STATE_HOME": state.path])
    try second.expect(">>> ")
    second.send("\u{1b}[A")  // up arrow: the last line of the previous run
    try second.expect("answer = 41")
    second.send("\r")
    try second.expect(">>> ")
    second.send("answer + 1\r")
    try second.expect("42")
    try second.expect(">>> ")
    second.send("\u{04}")
    #expect(second.waitForExit() == 0)
  }

  @Test func tabCompletesAttributes() throws {
    let state = try temporaryStateDirectory()
    let tty = try PseudoTerminal(environment: ["XDG_STATE_HOME": state.path])
    try tty.expect(">>> ")
    tty.send("weight = Value(0.5)\r")
    try tty.expect(">>> ")
    tty.send("weig\t")
    try tty.expect("weight")
    tty.send(".gr\t")
    try tty.expect(".grad")
    tty.send("\r")
    try tty.expect("0.0")
    try tty.expect(">>> ")
    tty.send(":he\t")
    try tty.expect(":help")
    tty.send("\u{03}")
    try tty.expect(">>> ")
    tty.send("\u{04}")
    #expect(tty.waitForExit() == 0)
  }

  @Test func ctrlCInterruptsALoopAndKeepsVariables() throws {
    let state = try temporaryStateDirectory()
    let tty = try PseudoTerminal(environment: ["XDG_STATE_HOME": state.path])
    try tty.expect(">>> ")
    tty.send("kept = 7\r")
    try tty.expect(">>> ")
    tty.send("while True: pass\r")
    try tty.expect("... ")
    tty.send("\r")
    Thread.sleep(forTimeInterval: 0.5)
    tty.send("\u{03}")
    try tty.expect("KeyboardInterrupt")
    try tty.expect(">>> ")
    tty.send("kept * 6\r")
    try tty.expect("42")
    try tty.expect(">>> ")
    tty.send("\u{04}")
    #expect(tty.waitForExit() == 0)
  }

  @Test func ctrlCAtThePromptClearsTheLine() throws {
    let state = try temporaryStateDirectory()
    let tty = try PseudoTerminal(environment: ["XDG_STATE_HOME": state.path])
    try tty.expect(">>> ")
    tty.send("this is not finished")
    try tty.expect("finished")
    tty.send("\u{03}")
    try tty.expect(">>> ")
    tty.send("6 * 7\r")
    try tty.expect("42")
    try tty.expect(">>> ")
    tty.send("\u{04}")
    #expect(tty.waitForExit() == 0)
    #expect(!tty.plainOutput.contains("SyntaxError"))
  }

  @Test func badInputGivesOneClearLineAndTheSessionGoesOn() throws {
    let state = try temporaryStateDirectory()
    let tty = try PseudoTerminal(environment: ["XDG_STATE_HOME": state.path])
    try tty.expect(">>> ")
    tty.send("loss = 2.5\r")
    try tty.expect(">>> ")
    tty.send("lossx\r")
    try tty.expect("NameError")
    try tty.expect("'loss'")
    try tty.expect(">>> ")
    tty.send("loss\r")
    try tty.expect("2.5")
    tty.send(":quit\r")
    #expect(tty.waitForExit() == 0)
  }
}
