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
    let progress = Counter()
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
