import GradLanguage

/// Runs `lines` through a console with the standard prompts and returns the screen, as a
/// user would have seen it (prompts and typed lines included).
func transcript(_ lines: [String], session: Session? = nil) -> String {
  let terminal = (session?.terminal as? MemoryTerminal) ?? MemoryTerminal()
  let session = session ?? Session(terminal: terminal)
  let reader = ScriptedLineReader(lines: lines, echo: terminal)
  Console(session: session, reader: reader).run()
  return terminal.take()
}

/// Runs each source as one entry in a fresh session; returns what was printed.
func run(_ sources: String...) -> String {
  let terminal = MemoryTerminal()
  let session = Session(terminal: terminal)
  for source in sources { _ = session.execute(source) }
  return terminal.output
}

/// The echoed value of one expression in a fresh session (without the newline).
func eval(_ expression: String) -> String {
  String(run(expression).dropLast())
}
