import Testing

@testable import GradLanguage

/// Hooks that change the prompt, answer `:hello` themselves and record what ran.
private final class RecordingHooks: ConsoleHooks {
  var entries: [ConsoleEntry] = []
  let terminal: Terminal

  init(terminal: Terminal) { self.terminal = terminal }

  func prompts(beforeReading standard: Prompts) -> Prompts {
    Prompts(primary: "[\(entries.count)] " + standard.primary, continuation: standard.continuation)
  }

  func handleCommand(_ line: String) -> InputStatus? {
    guard line == ":hello" else { return nil }
    terminal.write("hello from the hooks\n")
    return .complete
  }

  func entryDidRun(_ entry: ConsoleEntry) { entries.append(entry) }
}

@Suite struct ConsoleHooksTests {
  @Test func hooksChoosePromptsRunCommandsAndHearOfEachEntry() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let reader = ScriptedLineReader(
      lines: ["x = 2", ":hello", "if x > 1:", "    print(x)", "", ":vars", "x + 1"], echo: terminal)
    let hooks = RecordingHooks(terminal: terminal)
    let console = Console(session: session, reader: reader)
    console.hooks = hooks
    #expect(console.run())
    // :hello was the hooks' (no entry reported); :vars ran in the session.
    #expect(hooks.entries == [.code, .code, .command, .code])
    #expect(terminal.output.contains("hello from the hooks\n"))
    #expect(terminal.output.contains("[3] >>> x + 1\n3\n"))
    #expect(reader.prompts.prefix(5) == ["[0] >>> ", "[1] >>> ", "[1] >>> ", "... ", "... "])
  }

  @Test func withoutHooksTheLoopIsThePlainREPL() {
    let terminal = MemoryTerminal()
    let reader = ScriptedLineReader(lines: ["1 + 1"], echo: terminal)
    Console(session: Session(terminal: terminal), reader: reader).run()
    #expect(terminal.output == ">>> 1 + 1\n2\n")
  }
}
