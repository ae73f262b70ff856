import GradREPL

/// Runs `lines` through a console with the standard prompts and returns the screen.
func transcript(_ lines: [String], session: Session? = nil) -> String {
  let terminal = (session?.terminal as? MemoryTerminal) ?? MemoryTerminal()
  let session = session ?? Session(terminal: terminal)
  let reader = ScriptedLineReader(lines: lines, echo: terminal)
  Console(session: session, reader: reader).run()
  return terminal.take()
}

/// Runs `lines` and returns only what the program printed (no prompts, no echo of input).
func output(_ lines: [String]) -> String {
  let terminal = MemoryTerminal()
  let session = Session(terminal: terminal)
  let reader = ScriptedLineReader(lines: lines)
  Console(session: session, reader: reader, prompts: .none).run()
  return terminal.output
}
