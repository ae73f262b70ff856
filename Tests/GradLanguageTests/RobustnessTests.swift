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

  /// What the token soup is made of: the words above and the new syntax's.
  private static let soupWords = vocabulary + newSyntaxWords

  /// Words of the syntax that classes, generators, `with` and the new assignment and import
  /// forms bring: until they parse these are syntax errors, afterwards they run.
  private static let newSyntaxWords = [
    "class", "C", "C()", "(C)", "self", "self.x", "__init__", "__add__", "__radd__", "__iadd__",
    "__eq__", "__hash__", "__repr__", "__str__", "__iter__", "__next__", "__len__",
    "__getitem__", "__contains__", "__call__", "__enter__", "__exit__", "__neg__", "__lt__",
    "super()", "NotImplemented", "@", "@property", "@staticmethod", "@classmethod", "yield",
    "yield from", "next", "StopIteration", "with", "as", "*", ":=", "->", "x: int", "assert",
    "isinstance", "issubclass", "type", "__name__", "f'{x=}'", "f'{a = !r:>4}'",
    "import torch.nn as nn", "from a.b import c as d", "a.b.c", "*rest",
  ]

  private func randomSource(_ g: inout SplitMix64) -> String {
    let count = Int(g.next() % 12) + 1
    var words: [String] = []
    for _ in 0..<count {
      words.append(Self.soupWords[Int(g.next() % UInt64(Self.soupWords.count))])
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
    soupWords + [
      "for", "while", "def", "return", "range(3)", "range", "x:", "break", "continue", "pass",
      "f", "[x for x in b]", "MLP(2, [2, 1])", "moons(4)", "del", "global", "import", "from",
      "random", "'%d'", "10**", "elif", "'''", "sorted", "dict", "{1: 2}", "_",
      "try", "except", "finally", "raise", "ValueError", "as", "Exception",
      "{1, a}", "set()", "{x for x in b}", "add", "in",
      "class C:", "class D(C):", "def __init__(self):", "def __add__(self, o):", "\n    ",
      "return NotImplemented", "return self", "with C() as c:", "yield x", "yield from b",
      "next(g, 0)", "a, *r = b", "(y := x)", "assert x, 'm'", "super().__init__()",
      "nonlocal", "g = (v for v in b)", "lambda: None",
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

// MARK: - Entries with the new syntax, mutated

extension RobustnessTests {
  /// Whole REPL entries written with classes, dunders, decorators, generators, `with`,
  /// starred targets, `:=`, annotations and dotted imports (no blank lines inside a block,
  /// as at the prompt). The fuzzers below cut and mutate them.
  static let newSyntaxSeeds = [
    """
    class V:
        def __init__(self, x):
            self.x = x
        def __add__(self, o):
            return V(self.x + (o.x if isinstance(o, V) else o))
        __radd__ = __add__
        def __iadd__(self, o):
            return NotImplemented
        def __repr__(self):
            return f"V({self.x!r})"
    v = V(1) + 2
    v += V(3)
    print(v, 1 + v, sum([V(1), V(2)]))
    """,
    """
    class T:
        \"\"\"A thermostat.\"\"\"
        unit = 'C'
        def __init__(self, t): self._t = t
        @property
        def t(self): return self._t
        @t.setter
        def t(self, v): self._t = max(5, v)
        @staticmethod
        def clamp(v): return min(30, v)
        @classmethod
        def cold(cls): return cls(0)
    h = T.cold(); h.t = 40; print(h.t, T.clamp(99), T.__doc__)
    """,
    """
    class A:
        def hi(self): return 'A'
    class B(A):
        def hi(self): return 'B' + super().hi()
    print(B().hi(), isinstance(B(), (int, A)), issubclass(B, A), type(B()).__name__)
    """,
    """
    def gen(n):
        for i in range(n):
            yield i
        return n
    def outer():
        r = yield from gen(2)
        yield r
    g = outer()
    print(next(g), next(g), next(g), next(g, 'done'))
    """,
    """
    class Quiet:
        def __enter__(self): return self
        def __exit__(self, kind, value, tb):
            print('exit', kind.__name__ if kind else None)
            return True
    with Quiet() as q, Quiet():
        1 / 0
    """,
    """
    def twice(f):
        def wrapper(*args, **kwargs):
            return f(f(*args, **kwargs))
        return wrapper
    @twice
    @twice
    def inc(x: int) -> int:
        return x + 1
    print(inc(0))
    """,
    """
    first, *rest = [1, 2, 3]
    (a, *b), c = 'xyz', 4
    if (n := len(rest)) > 1: print(f"{n=} {rest = }")
    total: float = 0.0
    while (k := n) > 0: n -= 1
    """,
    """
    import torch.nn as nn
    from micrograd.engine import Value as V
    import a.b.c
    if __name__ == '__main__':
        assert V(2).data == 2, 'data is kept'
    """,
    """
    class Bag:
        def __init__(self, *xs): self.xs = list(xs)
        def __len__(self): return len(self.xs)
        def __getitem__(self, i): return self.xs[i]
        def __contains__(self, x): return x in self.xs
        def __iter__(self): return iter(self.xs)
        def __call__(self, k): return self.xs[k]
    b = Bag(1, 2); print(len(b), b[0], 2 in b, list(b), b(1))
    """,
    """
    class Value:
        def __init__(self, data, _children=()):
            self.data, self.grad, self._prev = data, 0.0, _children
            self._backward = lambda: None
        def __mul__(self, other):
            out = Value(self.data * other.data, (self, other))
            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad
            out._backward = _backward
            return out
    a = Value(2.0); b = a * a; b.grad = 1.0; b._backward(); print(a.grad)
    """,
    """
    class P:
        def __init__(self, k): self.k = k
        def __eq__(self, o): return isinstance(o, P) and o.k == self.k
        def __hash__(self): return hash(self.k)
        def __lt__(self, o): return self.k < o.k
        def __neg__(self): return P(-self.k)
    print(len({P(1), P(1), P(2)}), [p.k for p in sorted([P(3), -P(1)])], P(1) != P(2))
    """,
  ]

  /// Fragments the mutator inserts: pieces of the new syntax and the characters that break
  /// blocks and brackets.
  static let mutationFragments =
    newSyntaxWords + [
      "\n", "\n    ", "    ", ":", "(", ")", "[", "]", ",", ".", "=", "+=", "'", "\"\"\"", "#",
      "\\", "return", "pass", "del", "global", "try:", "except Exception as e:", "finally:",
      "raise", "lambda", "while True:", "for i in range(3):", "if", "else:",
    ]

  /// `source` with one to three random changes: a span deleted, a fragment inserted, a word
  /// replaced, a line duplicated, dropped, swapped or re-indented, or the text cut short.
  static func mutate(_ source: String, _ g: inout SplitMix64) -> String {
    var text = Array(source)
    func position() -> Int { text.isEmpty ? 0 : Int(g.next() % UInt64(text.count + 1)) }
    func fragment() -> [Character] {
      Array(mutationFragments[Int(g.next() % UInt64(mutationFragments.count))])
    }
    for _ in 0..<(Int(g.next() % 3) + 1) {
      var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
      let line = Int(g.next() % UInt64(lines.count))
      switch g.next() % 8 {
      case 0:
        let start = position()
        text.removeSubrange(start..<min(text.count, start + Int(g.next() % 8) + 1))
      case 1: text.insert(contentsOf: fragment(), at: position())
      case 2:
        // Replace the identifier or keyword around a random point.
        let point = min(position(), max(0, text.count - 1))
        var start = point
        var end = point
        while start > 0, text[start - 1].isLetter || text[start - 1] == "_" { start -= 1 }
        while end < text.count, text[end].isLetter || text[end] == "_" { end += 1 }
        text.replaceSubrange(start..<end, with: fragment())
      case 3:
        lines.insert(lines[line], at: line)
        text = Array(lines.joined(separator: "\n"))
      case 4:
        lines.remove(at: line)
        text = Array(lines.joined(separator: "\n"))
      case 5:
        lines.swapAt(line, Int(g.next() % UInt64(lines.count)))
        text = Array(lines.joined(separator: "\n"))
      case 6:
        if lines[line].starts(with: "    ") && g.next() % 2 == 0 {
          lines[line].removeFirst(4)
        } else {
          lines[line].insert(contentsOf: "    ", at: 0)
        }
        text = Array(lines.joined(separator: "\n"))
      default: text = Array(text.prefix(position()))
      }
    }
    return String(text)
  }

  /// Mutated entries with the new syntax, and every prefix of each entry as typed so far,
  /// only ever give a result or a clean error; endless loops end as KeyboardInterrupt.
  @Test func mutatedEntriesWithTheNewSyntaxNeverCrashOrHang() {
    var g = SplitMix64(seed: 1337)
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    _ = session.execute("a = Value(2.0)\nb = [1, 2, 3]\nx = 3")
    let progress = Counter()
    let watchdog = Watchdog(flag: session.interruptFlag, progress: progress)
    watchdog.start()
    defer { watchdog.stop() }
    var step = 0
    for seed in Self.newSyntaxSeeds {
      // As typed: each line added to the entry, the last line maybe not yet ended.
      let lines = seed.split(separator: "\n", omittingEmptySubsequences: false)
      for end in 1...lines.count {
        step += 1
        progress.set(step)
        let entry = lines[..<end].joined(separator: "\n")
        let status = session.submit(entry, endOfBlock: end == lines.count)
        #expect([.complete, .incomplete, .failed].contains(status))
        _ = session.completions(forLine: String(lines[end - 1]))
        _ = terminal.take()
      }
    }
    for _ in 0..<3_000 {
      step += 1
      progress.set(step)
      let seed = Self.newSyntaxSeeds[Int(g.next() % UInt64(Self.newSyntaxSeeds.count))]
      let mutant = Self.mutate(seed, &g)
      let status = session.submit(mutant, endOfBlock: true)
      // An open bracket or string leaves the entry incomplete even after a blank line.
      #expect([.complete, .incomplete, .failed].contains(status), "\(mutant)")
      _ = session.completions(forLine: String(mutant.suffix(40)))
      _ = terminal.take()
    }
    _ = session.execute("40 + 2")
    #expect(terminal.take() == "42\n")
  }
}

/// A number shared between threads (the fuzzers' step count, read by the watchdog).
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  func set(_ v: Int) { lock.withLock { value = v } }
  var current: Int { lock.withLock { value } }
}

/// Requests a stop when `progress` has not moved for 30 ms (an endless loop in a fuzz entry).
final class Watchdog: @unchecked Sendable {
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
