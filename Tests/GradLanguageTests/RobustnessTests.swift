import Foundation
import GradBase
import GradCore
import Testing

@testable import GradLanguage

/// Random input must only ever give a result or a clean error: never a trap, never a hang.
@Suite struct RobustnessTests {
  private static let vocabulary = [
    "a", "b", "x", "Value", "(", ")", "[", "]", "{", "}", ",", ":", ".", "+", "-", "*", "/",
    "//", "%", "**", "==", "<", "not", "and", "or", "if", "else", "in", "is", "None", "True",
    "0", "1", "2", "-1", "2.5", "1e308", "'s'", "\"t\"", "f'{a}'", "data", "grad", "tanh()",
    "backward()", "=", "+=", ";", "\n", "    ", "#", "\\", "'", "[::-1]", "len", "sum", "print",
    "lambda", "9223372036854775807", "relu()", "label", "zip", "max", "str", "int",
  ]

  private func randomSource(_ g: inout SplitMix64) -> String {
    let count = Int(g.next() % 12) + 1
    var words: [String] = []
    for _ in 0..<count {
      words.append(Self.vocabulary[Int(g.next() % UInt64(Self.vocabulary.count))])
    }
    return words.joined(separator: g.next() % 3 == 0 ? "" : " ")
  }

  @Test func randomTokenSoupNeverCrashes() {
    var g = SplitMix64(seed: 2024)
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    _ = session.execute("a = Value(2.0, label='a')\nb = [1, 2, 3]\nx = 3")
    var outcomes: [InputStatus: Int] = [:]
    for _ in 0..<10_000 {
      let source = randomSource(&g)
      let status = session.submit(source, endOfBlock: true)
      outcomes[status, default: 0] += 1
      _ = session.completions(forLine: source)
      _ = terminal.take()
    }
    // Both kinds of outcome happen, and the session still works afterwards.
    #expect((outcomes[.complete] ?? 0) > 0)
    #expect((outcomes[.failed] ?? 0) > 0)
    // (The soup may have rebound built-in names such as print, as Python allows.)
    _ = session.execute("40 + 2")
    #expect(terminal.take() == "42\n")
  }

  @Test func everyPrefixOfTheTrainingLoopIsHandled() {
    let source = """
      for k in range(2):
          scores = [Value(a) * 2 for a in [1.0, -2.0]]
          loss = sum(s.relu() for s in scores) * (1.0 / len(scores))
          loss.backward()
          if k % 10 == 0: print(f'{k} {loss.data:.3f}')
      """
    let session = Session(terminal: MemoryTerminal())
    for end in source.indices {
      let prefix = String(source[..<end])
      let status = session.submit(prefix, endOfBlock: prefix.count % 2 == 0)
      #expect([.complete, .incomplete, .failed].contains(status))
    }
  }

  private static let statementVocabulary =
    vocabulary + [
      "for", "while", "def", "return", "range(3)", "range", "x:", "break", "continue", "pass",
      "f", "[x for x in b]", "MLP(2, [2, 1])", "moons(4)", "del", "global", "import", "from",
      "random", "'%d'", "10**", "elif", "'''", "sorted", "dict", "{1: 2}", "_",
      "try", "except", "finally", "raise", "ValueError", "as", "Exception",
      "{1, a}", "set()", "{x for x in b}", "add", "in",
    ]

  /// Random statements, loops included: a watchdog presses the session's stop button when
  /// one input runs longer than a moment, so endless loops end as KeyboardInterrupt.
  @Test func randomStatementsWithLoopsNeverCrashOrHang() {
    var g = SplitMix64(seed: 99)
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    _ = session.execute("a = Value(2.0)\nb = [1, 2, 3]\nx = 3\ndef f(n):\n    return n + 1")
    let progress = Counter()
    let watchdog = Watchdog(flag: session.interruptFlag, progress: progress)
    watchdog.start()
    defer { watchdog.stop() }
    for k in 0..<5_000 {
      let count = Int(g.next() % 16) + 1
      var words: [String] = []
      for _ in 0..<count {
        let pick = Int(g.next() % UInt64(Self.statementVocabulary.count))
        words.append(Self.statementVocabulary[pick])
      }
      progress.set(k)
      _ = session.submit(words.joined(separator: g.next() % 3 == 0 ? "" : " "), endOfBlock: true)
      _ = terminal.take()
    }
    _ = session.execute("40 + 2")
    #expect(terminal.take() == "42\n")
  }
}

/// A number shared between threads.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func set(_ v: Int) { lock.withLock { value = v } }
  var current: Int { lock.withLock { value } }
}

/// Requests a stop when `progress` has not moved for 30 ms.
private final class Watchdog: @unchecked Sendable {
  private let flag: InterruptFlag
  private let progress: Counter
  private let lock = NSLock()
  private var running = true

  init(flag: InterruptFlag, progress: Counter) {
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
