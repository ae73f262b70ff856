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

  static func numbers(_ text: String) -> [Double] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
  }
}
