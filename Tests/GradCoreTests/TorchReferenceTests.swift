import Foundation
import GradTestSupport
import Testing

@testable import GradCore

/// The same expressions in GradCore and in PyTorch (float64): values and
/// gradients must agree, including the conventions at awkward points
/// (relu at 0, x ** 0 at 0, 0 ** b, negative bases).
///
/// Uses the Python of `$BENCH_VENV` (default ~/.venvs/gradrepl-bench); the
/// test is skipped, with that reason, when it is not there.
@Suite struct TorchReferenceTests {
  /// An expression of two leaves, written once for each side.
  struct Case: Sendable {
    let x: Double
    let y: Double
    let python: String
    let swift: @Sendable (Value, Value) -> Value
  }

  static let cases: [Case] = [
    Case(x: 0.7, y: -1.3, python: "((x*y + x.tanh()).exp()) / (y**2 + 1)") { x, y in
      (x * y + x.tanh()).exp() / (y ** 2 + 1)
    },
    Case(x: 1.5, y: 0.5, python: "(x**y).log() + (x - y).sigmoid()") { x, y in
      (x ** y).log() + (x - y).sigmoid()
    },
    Case(x: 0, y: 2, python: "x.relu()*y + x**2") { x, y in x.relu() * y + x ** 2 },
    Case(x: 0, y: 3, python: "x**0.0 * y") { x, y in x ** 0 * y },
    Case(x: 0, y: 2, python: "x**y") { x, y in x ** y },
    Case(x: -2, y: 0.25, python: "x**3.0 * y + 1/x - 2**y") { x, y in
      x ** 3 * y + 1 / x - 2 ** y
    },
    Case(x: 30, y: -0.4, python: "x.tanh() * y.sigmoid() - (-x).relu()") { x, y in
      x.tanh() * y.sigmoid() - (-x).relu()
    },
  ]

  @Test(
    .enabled(
      if: ReferencePython.executable != nil,
      "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent"))
  func gradientsMatchPyTorch() throws {
    var script = "import torch\n"
    for c in Self.cases {
      script += """
        x = torch.tensor(\(c.x.description), dtype=torch.float64, requires_grad=True)
        y = torch.tensor(\(c.y.description), dtype=torch.float64, requires_grad=True)
        f = \(c.python)
        f.backward()
        print(repr(f.item()), repr(x.grad.item()), repr(y.grad.item()))

        """
    }
    let run = try #require(try ReferencePython.run(script), "the reference Python timed out")
    try #require(run.status == 0, "torch failed in the reference environment: \(run.standardError)")
    let text = run.standardOutput
    let rows = text.split(separator: "\n").map {
      $0.split(separator: " ").compactMap { Double($0) }
    }
    #expect(rows.count == Self.cases.count)
    for (c, row) in zip(Self.cases, rows) {
      let x = Value(c.x)
      let y = Value(c.y)
      let f = c.swift(x, y)
      f.backward()
      let ours = [f.data, x.grad, y.grad]
      #expect(row.count == 3, "\(c.python): torch printed \(row)")
      for (a, b) in zip(ours, row) {
        #expect(abs(a - b) <= 1e-12 * max(1, abs(b)), "\(c.python): ours \(ours), torch \(row)")
      }
    }
  }
}
