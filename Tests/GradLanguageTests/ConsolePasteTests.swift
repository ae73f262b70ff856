import Testing

@testable import GradLanguage

@Suite struct ConsolePasteTests {
  private let definition = "def f(x):\n    y = x * 2\n\n    return y + 1\n"

  @Test func aLineWithNewlinesIsOneEntryBlankLinesIncluded() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    // A bracketed paste reaches the console as one line with its newlines in it.
    let reader = ScriptedLineReader([.line(definition), .line("f(3)")])
    #expect(Console(session: session, reader: reader).run())
    #expect(terminal.take() == "7\n")
    #expect(reader.history == ["def f(x):\n    y = x * 2\n\n    return y + 1", "f(3)"])
    #expect(reader.prompts == [">>> ", ">>> ", ">>> "])
  }

  @Test func typedLinesKeepPythonsRuleThatABlankLineEndsTheBlock() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let lines = definition.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    let reader = ScriptedLineReader(lines: lines.map(String.init) + ["f(3)"])
    #expect(!Console(session: session, reader: reader).run())
    // The blank line ended the def after its first line; the return is then misplaced.
    #expect(terminal.take().contains("IndentationError"))
  }
}
