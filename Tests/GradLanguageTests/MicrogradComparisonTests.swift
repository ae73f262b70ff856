import Foundation
import GradTestSupport
import Testing

@testable import GradLanguage

/// micrograd's own engine test, typed into the REPL and run by micrograd in CPython: the
/// values and gradients must agree to 1e-12 relative. Not to the last bit: micrograd keeps a
/// node's parents in a Python set, so the order in which it adds up contributions (and so the
/// last bit of a sum) follows object addresses and changes from one run to the next. Skipped
/// when the reference Python is not installed.
@Suite struct MicrogradComparisonTests {
  static let program = """
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    print(repr(float(g.data)), repr(float(a.grad)), repr(float(b.grad)))
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    print(repr(float(x.grad)), repr(float(y.data)))
    """

  @Test(
    .enabled(
      if: ReferencePython.executable != nil && ReferencePython.canImport("micrograd"),
      "micrograd does not import in the Python reference environment ($BENCH_VENV)"))
  func gradientsMatchMicrograd() throws {
    let run = try #require(
      try ReferencePython.run(
        "from micrograd.engine import Value\n" + Self.program, deadline: 30),
      "the reference Python did not finish in 30 s")
    try #require(run.status == 0, "\(run.standardError)")
    let expected = run.standardOutput
    let terminal = MemoryTerminal()
    #expect(Session(terminal: terminal).runScript(Self.program, fileName: "engine.py"))
    let ours = Self.numbers(terminal.output)
    let theirs = Self.numbers(expected)
    #expect(ours.count == 5)
    #expect(theirs.count == ours.count)
    for (x, y) in zip(ours, theirs) {
      #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "gradrepl \(x) vs micrograd \(y)")
    }
  }

  /// Calls of backward() one after another without zeroing, from inner and outer roots, with
  /// only the leaves zeroed, and with an intermediate grad set by hand: micrograd keeps every
  /// node's gradient and passes it on again, and so must the built-in Value.
  static let repeatedBackward = """
    def show(*vs):
        print(' '.join(repr(float(v.grad)) for v in vs))
    a = Value(2.0)
    b = Value(-3.0)
    c = a*b + a.relu()
    d = c*c + b
    d.backward(); show(a, b, c, d)
    d.backward(); show(a, b, c, d)
    a.grad = 0; b.grad = 0
    d.backward(); show(a, b, c, d)
    c.backward(); show(a, b, c, d)
    x = Value(0.75)
    y = Value(-1.25)
    s = x*y + x**3
    t = (s - y) / (x + 2) + s*s
    u = (t*x).relu() + t**2 - y/4
    u.backward(); show(x, y, s, t, u)
    u.backward(); show(x, y, s, t, u)
    t.grad = 0.5
    u.backward(); show(x, y, s, t, u)
    p = Value(1.5)
    q = Value(0.5)
    m = p*q + p
    r1 = m*m
    r2 = m*3 + q
    r1.backward(); show(p, q, m, r1, r2)
    r2.backward(); show(p, q, m, r1, r2)
    r1.backward(); show(p, q, m, r1, r2)
    """

  @Test(
    .enabled(
      if: ReferencePython.executable != nil && ReferencePython.canImport("micrograd"),
      "micrograd does not import in the Python reference environment ($BENCH_VENV)"))
  func repeatedBackwardMatchesMicrograd() throws {
    let run = try #require(
      try ReferencePython.run(
        "from micrograd.engine import Value\n" + Self.repeatedBackward, deadline: 30),
      "the reference Python did not finish in 30 s")
    try #require(run.status == 0, "\(run.standardError)")
    let terminal = MemoryTerminal()
    #expect(Session(terminal: terminal).runScript(Self.repeatedBackward, fileName: "twice.py"))
    let ours = terminal.output.split(separator: "\n").map { Self.numbers(String($0)) }
    let theirs = run.standardOutput.split(separator: "\n").map { Self.numbers(String($0)) }
    #expect(ours.count == 10)
    #expect(theirs.count == ours.count)
    // The lecture's example, exactly: one call 16 and -15, two calls 80 and -78.
    #expect(ours.first.map { Array($0.prefix(2)) } == [16, -15])
    #expect(ours.dropFirst().first.map { Array($0.prefix(2)) } == [80, -78])
    for (line, (mine, micrograd)) in zip(ours, theirs).enumerated() {
      #expect(mine.count == micrograd.count)
      for (x, y) in zip(mine, micrograd) {
        #expect(
          abs(x - y) <= 1e-12 * max(1, abs(y)), "line \(line + 1): gradrepl \(x) vs micrograd \(y)")
      }
    }
  }

  /// `random.seed(1337)` then `MLP(2, [16, 16, 1])`: the built-in MLP draws micrograd's
  /// weights from CPython's generator, so every parameter is the very same double.
  @Test(
    .enabled(
      if: ReferencePython.executable != nil && ReferencePython.canImport("micrograd"),
      "micrograd does not import in the Python reference environment ($BENCH_VENV)"))
  func seededModelHasMicrogradsWeights() throws {
    let program = """
      import random
      random.seed(1337)
      model = MLP(2, [16, 16, 1])
      print(len(model.parameters()), repr(random.random()))
      for p in model.parameters(): print(repr(float(p.data)))
      """
    let run = try #require(
      try ReferencePython.run("from micrograd.nn import MLP\n" + program, deadline: 30),
      "the reference Python did not finish in 30 s")
    try #require(run.status == 0, "\(run.standardError)")
    let terminal = MemoryTerminal()
    #expect(Session(terminal: terminal).runScript(program, fileName: "model.py"))
    #expect(terminal.output.hasPrefix("337 "))
    #expect(terminal.output == run.standardOutput)
  }

  static func numbers(_ text: String) -> [Double] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
  }
}
