import Foundation
import Testing

@testable import GradLanguage

/// A flag shared with the thread that plays the user pressing Ctrl-C.
private final class Flag: @unchecked Sendable {
  private let lock = NSLock()
  private var raised = false
  var isRaised: Bool { lock.withLock { raised } }
  func raise() { lock.withLock { raised = true } }
}

/// Presses "Ctrl-C" from another thread shortly after the entry starts running, and again
/// every half second until `done`.
///
/// It sets the session's own interrupt flag, which the evaluator checks right beside
/// GradBase's process-wide `Interrupt` flag (the one the signal handler sets): other suites
/// in this test process watch the process-wide flag while they run, and must not be stopped.
private func pressControlC(on flag: InterruptFlag, until done: Flag) {
  Thread {
    Thread.sleep(forTimeInterval: 0.05)
    while !done.isRaised {
      flag.request()
      for _ in 0..<50 where !done.isRaised { Thread.sleep(forTimeInterval: 0.01) }
    }
  }.start()
}

/// Plays scripted lines; when it hands out the line at `triggerIndex`, Ctrl-C gets pressed.
private final class InterruptingReader: LineReader {
  let inner: ScriptedLineReader
  let triggerIndex: Int
  let done: Flag
  let flag: InterruptFlag
  private var count = 0

  init(lines: [String], echo: Terminal, triggerIndex: Int, flag: InterruptFlag, done: Flag) {
    inner = ScriptedLineReader(lines: lines, echo: echo)
    self.triggerIndex = triggerIndex
    self.flag = flag
    self.done = done
  }

  func readLine(prompt: String) -> LineInput {
    if count == triggerIndex { pressControlC(on: flag, until: done) }
    if count == triggerIndex + 1 { done.raise() }
    count += 1
    return inner.readLine(prompt: prompt)
  }

  func addHistory(_ entry: String) {}
}

@Suite(.serialized) struct InterruptTests {
  @Test func infiniteLoopStopsWithKeyboardInterruptAndStateSurvives() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let done = Flag()
    let reader = InterruptingReader(
      lines: ["kept = 41", "n = 0", "while True: n += 1", "", "kept + 1", "n > 0"],
      echo: terminal, triggerIndex: 3, flag: session.interruptFlag, done: done)
    Console(session: session, reader: reader).run()
    done.raise()
    #expect(
      terminal.output == """
        >>> kept = 41
        >>> n = 0
        >>> while True: n += 1
        ... 
        KeyboardInterrupt
        >>> kept + 1
        42
        >>> n > 0
        True

        """)
  }

  @Test func interruptStopsFunctionsAndComprehensions() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal, errorStyle: .oneLine)
    _ = session.execute("def spin(n):\n    while True: n += 1")
    for source in ["spin(0)", "x = [i for i in range(10**15)]"] {
      let done = Flag()
      pressControlC(on: session.interruptFlag, until: done)
      #expect(session.execute(source) == .failed)
      done.raise()
    }
    #expect(terminal.output == "KeyboardInterrupt\nKeyboardInterrupt\n")
    #expect(session.interpreter.lookup("spin") != nil)
  }

  @Test func staleRequestsAreDroppedWhenNewInputStarts() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    session.interruptFlag.request()
    #expect(session.execute("total = sum(range(100))") == .complete)
    #expect(session.execute("total") == .complete)
    #expect(terminal.output == "4950\n")
  }
}
