// Pasting a block at a real terminal, read back from tmux's screen.

import Foundation
import GradTestSupport
import Testing

@Suite(.serialized) struct PasteTests {
  /// A def whose body has a blank line in it, as micrograd's class has between its methods.
  private let definition = "def f(x):\n    y = x * 2\n\n    return y + 1\n"

  @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
  func aBracketedPasteIsOneEntryAndComesBackWholeFromHistory() throws {
    let tmux = try TmuxSession.gradrepl(columns: 80, rows: 30)
    try tmux.waitFor(">>>")
    // The bytes a terminal sends for a paste, typed straight at the program.
    try tmux.type("\u{1b}[200~" + definition + "\u{1b}[201~")
    try tmux.waitFor("return y + 1")
    try tmux.press("Enter")
    try tmux.type("f(3)")
    try tmux.press("Enter")
    var screen = try tmux.waitFor("\n7\n")
    // The blank line did not end the def: no error, no continuation prompt, f is whole.
    #expect(!screen.contains("Error"))
    #expect(!screen.contains("..."))
    #expect(screen.contains(">>> def f(x):\n    y = x * 2\n\n    return y + 1\n"))

    // ↑ twice: past f(3) to the pasted block, all of it at once.
    try tmux.press("Up")
    try tmux.waitFor(">>> f(3)\n7\n>>> f(3)")
    try tmux.press("Up")
    screen = try tmux.waitFor(">>> def f(x):\n    y = x * 2\n\n    return y + 1\n", timeout: 5)
    // Change the recalled block's last line and run it as one entry again.
    try tmux.press("BSpace")
    try tmux.type("2")
    try tmux.press("Enter")
    try tmux.type("f(10)")
    try tmux.press("Enter")
    screen = try tmux.waitFor("\n22\n")
    #expect(!screen.contains("Error"))
    try tmux.press("C-d")
  }

  @Test(.enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
  func aTerminalPasteOfALoopWithABlankLineRunsItWhole() throws {
    let tmux = try TmuxSession.gradrepl(columns: 80, rows: 30)
    try tmux.waitFor(">>>")
    // tmux brackets it itself, because the REPL asked for bracketed paste.
    try tmux.paste("for i in range(2):\n    print('row', i)\n\n    print('end', i)\n")
    try tmux.press("Enter")
    let screen = try tmux.waitFor("end 1\n>>>")
    #expect(screen.contains("row 0\nend 0\nrow 1\nend 1\n>>>"))
    #expect(!screen.contains("Error"))
    try tmux.press("C-d")
  }
}
