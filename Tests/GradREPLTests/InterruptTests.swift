import Foundation
import GradCore
import Testing

@testable import GradREPL

/// A flag shared with the thread that plays the user pressing Ctrl-C.
private final class Flag: @unchecked Sendable {
  private let lock = NSLock()
  private var raised = false
  var isRaised: Bool { lock.withLock { raised } }
  func raise() { lock.withLock { raised = true } }
}

/// Presses "Ctrl-C" (Interrupt.request(), as the signal handler does) from another thread
/// shortly after the entry starts running, and again every half second until `done` (the
/// flag is process-wide, so one press is made at a time).
private func pressControlC(until done: Flag) {
  Thread {
    Thread.sleep(forTimeInterval: 0.05)
    while !done.isRaised {
      Interrupt.request()
      for _ in 0..<50 where !done.isRaised { Thread.sleep(forTimeInterval: 0.01) }
    }
  }.start()
}

/// Plays scripted lines; when it hands out the line at `triggerIndex`, Ctrl-C gets pressed.
private final class InterruptingReader: LineReader {
  let inner: ScriptedLineReader
  let triggerIndex: Int
  let done: Flag
  private var count = 0

  init(lines: [String], echo: Terminal, triggerIndex: Int, done: Flag) {
    inner = ScriptedLineReader(lines: lines, echo: echo)
    self.triggerIndex = triggerIndex
    self.done = done
  }

  func readLine(prompt: String) -> LineInput {
    if count == triggerIndex { pressControlC(until: done) }
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
      echo: terminal, triggerIndex: 3, done: done)
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
    let session = Session(terminal: terminal)
    _ = session.execute("def spin(n):\n    while True: n += 1")
    for source in ["spin(0)", "x = [i for i in range(10**15)]"] {
      let done = Flag()
      pressControlC(until: done)
      #expect(session.execute(source) == .failed)
      done.raise()
    }
    #expect(terminal.output == "KeyboardInterrupt\nKeyboardInterrupt\n")
    #expect(session.interpreter.lookup("spin") != nil)
  }
}
