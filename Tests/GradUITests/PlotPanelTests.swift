// The plot panel at a real terminal size, read back from tmux's screen.

import Foundation
import GradTestSupport
import Testing

@Suite(.serialized) struct PlotPanelTests {
  @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
  func panelOpensTogglesScaleSurvivesResizeAndReturns() throws {
    let tmux = try TmuxSession.gradrepl(columns: 100, rows: 30)
    try tmux.waitFor(">>>")
    try tmux.type("losses = [1/(k+1) for k in range(50)]")
    try tmux.press("Enter")
    try tmux.waitFor(">>>")
    try tmux.type("plot(losses, title='one over k')")
    try tmux.press("Enter")
    var screen = try tmux.waitFor("l: log scale")
    #expect(screen.contains("one over k"))
    #expect(screen.contains("index"))
    // Braille dots are drawn (U+2800–U+28FF).
    #expect(screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
    // Full height: the key line is on the last row.
    let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(rows.count >= 30)
    #expect(rows[29].contains("q: back to the REPL"))

    try tmux.press("l")
    screen = try tmux.waitFor("l: linear scale")
    #expect(screen.contains("1e+0"))
    #expect(screen.contains("1e-1"))

    try tmux.resize(columns: 50, rows: 14)
    screen = try tmux.waitFor("l: linear scale")
    let narrow = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(narrow.count <= 15)
    #expect(narrow.allSatisfy { $0.count <= 50 })
    #expect(narrow[13].contains("l: linear scale"))

    try tmux.resize(columns: 12, rows: 5)
    try tmux.waitFor("too")
    try tmux.resize(columns: 100, rows: 30)
    try tmux.waitFor("l: linear scale")

    try tmux.press("q")
    try tmux.waitFor(">>>")
    try tmux.type("len(losses)")
    try tmux.press("Enter")
    screen = try tmux.waitFor("50\n")
    #expect(screen.contains("plot(losses, title='one over k')"))
  }
}
