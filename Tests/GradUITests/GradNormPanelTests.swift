// `:plot gradnorm` in the real binary inside tmux: what a student sees on screen, key by key.

import Foundation
import GradTestSupport
import Testing

/// The rows above the key line (the last non-empty row): the plot itself.
private func plotRows(_ screen: String) -> [Substring] {
  let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
  guard let keyRow = rows.lastIndex(where: { $0.hasPrefix("ρ=") }) else {
    return rows[...].map { $0 }
  }
  return Array(rows[..<keyRow])
}

@Suite(.serialized) struct GradNormPanelTests {
  /// Open the panel, ↑ raises ρ of the highlighted curve (key line and curve change), → adds
  /// five steps, a resize lays the figure out again, q returns to the prompt with `x` intact.
  private func arrowChangesTheCurveAndQuitReturns(
    columns: Int, rows: Int, resizedColumns: Int, resizedRows: Int
  ) throws {
    let tmux = try TmuxSession.gradrepl(columns: columns, rows: rows)
    try tmux.waitFor(">>>")
    try tmux.type("x = 41")
    try tmux.press("Enter")
    try tmux.waitFor(">>>")
    try tmux.type(":plot gradnorm T=40")
    try tmux.press("Enter")
    let before = try tmux.waitFor("ρ=1.00 T=40 H=64 model=rnn")
    #expect(before.contains("ρ=1.00 *"))
    #expect(before.contains("bound"))
    #expect(before.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
    // The key line is on the last row.
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count >= rows)
    #expect(lines[rows - 1].hasPrefix("ρ=1.00 T=40"))

    try tmux.press("Up")
    let after = try tmux.waitFor("ρ=1.05 T=40")
    #expect(after.contains("ρ=1.05 *"))
    #expect(plotRows(after) != plotRows(before), "the curve did not change")
    try tmux.press("Right")
    try tmux.waitFor("ρ=1.05 T=45")

    try tmux.resize(columns: resizedColumns, rows: resizedRows)
    let deadline = Date().addingTimeInterval(15)
    var resized = try tmux.screen()
    while Date() < deadline {
      let rowsNow = resized.split(separator: "\n", omittingEmptySubsequences: false)
      if rowsNow.count >= resizedRows, rowsNow[resizedRows - 1].hasPrefix("ρ=1.05 T=45") { break }
      Thread.sleep(forTimeInterval: 0.05)
      resized = try tmux.screen()
    }
    let rowsNow = resized.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(rowsNow.count >= resizedRows)
    #expect(rowsNow.count >= resizedRows && rowsNow[resizedRows - 1].hasPrefix("ρ=1.05 T=45"))
    #expect(rowsNow.allSatisfy { $0.count <= resizedColumns })
    let axis = try #require(rowsNow.first { $0.contains("└") })
    #expect(axis.count > resizedColumns - 20, "the x axis was not laid out for the new width")

    try tmux.press("q")
    try tmux.waitFor(">>>")
    try tmux.type("x + 1")
    try tmux.press("Enter")
    try tmux.waitFor("42\n")
  }

  @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
  func wideTerminalShrinks() throws {
    try arrowChangesTheCurveAndQuitReturns(
      columns: 110, rows: 32, resizedColumns: 76, resizedRows: 22)
  }

  @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
  func smallTerminalGrows() throws {
    try arrowChangesTheCurveAndQuitReturns(
      columns: 80, rows: 24, resizedColumns: 120, resizedRows: 36)
  }
}
