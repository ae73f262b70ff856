// The live training view at a real terminal, read back from tmux's screen.

import Foundation
import GradTestSupport
import Testing

@Suite struct TrainPanelTests {
  @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
  func livePanelUpdatesClosesWithQAndCtrlCStopsTraining() throws {
    let tmux = try TmuxSession.gradrepl(columns: 100, rows: 40)
    // capture-pane drops the prompt's trailing space: count prompts instead.
    try waitForPrompts(1, tmux)
    try tmux.type("data = corpus('toy'); m = LSTM(data, emb=8, hidden=16)")
    try tmux.press("Enter")
    try waitForPrompts(2, tmux)
    try tmux.type("r = train(m, data, plot=True, batch=4, bptt=5, epochs=20)")
    try tmux.press("Enter")
    let first = try tmux.waitFor("q closes the view")
    #expect(first.contains("gradient norm"))
    #expect(first.contains("clip at 0.25"))
    #expect(first.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
    let firstStep = stepShown(first)
    // The view follows training: the step on the key line moves on.
    let deadline = Date().addingTimeInterval(15)
    var later = first
    while Date() < deadline, stepShown(later) == firstStep {
      Thread.sleep(forTimeInterval: 0.2)
      later = try tmux.screen()
    }
    #expect(stepShown(later) > firstStep)

    // q closes the view; training goes on with the progress line at the prompt's screen.
    try tmux.press("q")
    try tmux.waitFor("tok/s")
    try tmux.press("C-c")
    try tmux.waitFor("training stopped after")
    try waitForPrompts(3, tmux)
    try tmux.type("r.stopped, len(predict(m, 'the cat'))")
    try tmux.press("Enter")
    try tmux.waitFor("(True, 5)")
  }

  /// Waits until `count` prompts are on the screen.
  private func waitForPrompts(_ count: Int, _ tmux: TmuxSession) throws {
    let deadline = Date().addingTimeInterval(20)
    var screen = ""
    while Date() < deadline {
      screen = try tmux.screen()
      let prompts = screen.split(separator: "\n").filter { $0.hasPrefix(">>>") }.count
      if prompts >= count { return }
      Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("waited for \(count) prompts; the screen was:\n\(screen)")
  }

  /// The step number on the panel's key line (`step 145  loss ...`), or -1.
  private func stepShown(_ screen: String) -> Int {
    guard let line = screen.split(separator: "\n").last(where: { $0.hasPrefix("step ") }),
      let number = line.split(separator: " ").dropFirst().first, let step = Int(number)
    else { return -1 }
    return step
  }
}
