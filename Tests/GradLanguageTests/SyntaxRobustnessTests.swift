import Foundation
import GradBase
import Testing

@testable import GradLanguage

/// Random input made of the new forms (yield, :=, starred targets, imports, f-string fields)
/// must give a result or a clean error: never a trap, a hang or a stuck generator thread.
@Suite(.serialized) struct SyntaxRobustnessTests {
  private static let vocabulary = [
    "a", "b", "x", "g", "(", ")", "[", "]", ",", ":", "=", ":=", "*", "**", "+", "1", "0",
    "None", "\n", "    ", "yield", "yield from", "return", "for", "in", "if", "while True:",
    "break", "def", "g()", "gen()", "next(", "iter(", "list(", "sum(", "send(", ".close()",
    "import", "from", "as", "torch.nn", "math", "micrograd.nn", "nonlocal", "global",
    "f'{a=}'", "f'{a:{x}}'", "f'{a!s}'", "lambda", "try:", "finally:", "except:", "pass",
    "range(3)", "x: int", "->", "(x for x in b)", ";", "__name__", "assert",
  ]

  @Test func randomNewSyntaxNeverCrashesHangsOrLeaksGenerators() {
    var g = SplitMix64(seed: 7)
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    _ = session.execute(
      "a = 1\nb = [1, 2, 3]\nx = 3\ndef gen():\n    try:\n        while True:\n"
        + "            yield a\n    finally:\n        pass")
    let progress = Progress()
    let watchdog = Watchdog(flag: session.interruptFlag, progress: progress)
    watchdog.start()
    defer { watchdog.stop() }
    for k in 0..<3_000 {
      let count = Int(g.next() % 14) + 1
      var words: [String] = []
      for _ in 0..<count {
        words.append(Self.vocabulary[Int(g.next() % UInt64(Self.vocabulary.count))])
      }
      progress.set(k)
      _ = session.submit(words.joined(separator: g.next() % 3 == 0 ? "" : " "), endOfBlock: true)
      _ = terminal.take()
    }
    _ = session.execute("40 + 2")
    #expect(terminal.take() == "42\n")
    // Whatever the soup left suspended ends with the session.
    session.interpreter.closeAllGenerators()
    #expect(session.interpreter.generators.liveCount == 0)
  }
}

/// A step number shared with the watchdog's thread.
private final class Progress: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func set(_ v: Int) { lock.withLock { value = v } }
  var current: Int { lock.withLock { value } }
}

/// Requests a stop when `progress` has not moved for 30 ms (an endless loop in the soup).
private final class Watchdog: @unchecked Sendable {
  private let flag: InterruptFlag
  private let progress: Progress
  private let lock = NSLock()
  private var running = true

  init(flag: InterruptFlag, progress: Progress) {
    self.flag = flag
    self.progress = progress
  }

  func start() {
    Thread { [self] in
      var seen = -1
      while lock.withLock({ running }) {
        Thread.sleep(forTimeInterval: 0.03)
        let now = progress.current
        if now == seen { flag.request() }
        seen = now
      }
    }.start()
  }

  func stop() { lock.withLock { running = false } }
}
