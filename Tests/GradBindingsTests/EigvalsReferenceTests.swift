import Foundation
import GradLanguage
import GradTensor
import GradTestSupport
import Testing

@testable import GradBindings

/// `torch.linalg.eigvals` and complex tensors against PyTorch: eigenvalues of random
/// matrices up to 50 × 50 and the printed text of complex results. Skipped when the
/// reference environment is absent.
@Suite(.enabled(if: ReferencePython.executable != nil, Comment(rawValue: pytorchAbsent)))
struct EigvalsReferenceTests {
  /// Random float64 matrices (Gaussian, some scaled or made nearly triangular), their
  /// entries and PyTorch's eigenvalues, as JSON.
  static let generator = """
    import json, torch
    torch.manual_seed(3)
    cases = []
    for i, n in enumerate([1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 30, 40, 50, 50]):
        a = torch.randn(n, n, dtype=torch.float64)
        if i % 5 == 1: a = a * 1000
        if i % 5 == 2: a = a / 1000
        if i % 7 == 3: a = torch.triu(a) + 1e-3 * torch.tril(a, -1)
        z = torch.linalg.eigvals(a)
        cases.append({"n": n, "a": a.flatten().tolist(), "float32": False,
                      "re": z.real.tolist(), "im": z.imag.tolist()})
    for n in [2, 3, 4, 5, 6, 8, 10, 16, 20, 32]:
        a = torch.randn(n, n) / n ** 0.5
        z = torch.linalg.eigvals(a)
        cases.append({"n": n, "a": a.double().flatten().tolist(), "float32": True,
                      "re": z.real.double().tolist(), "im": z.imag.double().tolist()})
    print(json.dumps(cases))
    """

  @Test func eigenvaluesOfRandomMatricesMatchPyTorchWithin1eMinus10() throws {
    let output = try #require(try ReferencePython.run(Self.generator, deadline: 120))
    try #require(output.status == 0, "\(output.standardError)")
    let cases = try #require(
      try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
        as? [[String: Any]])
    var sameOrder = 0
    var worst = 0.0
    for c in cases {
      let n = try #require(c["n"] as? Int)
      let a = try #require(c["a"] as? [Double])
      let theirs = zip(try #require(c["re"] as? [Double]), try #require(c["im"] as? [Double]))
        .map { ($0, $1) }
      let single = c["float32"] as? Bool ?? false
      let z = try Tensor(a, shape: [n, n], dtype: single ? .float32 : .float64).eigenvalues()
      let ours = Array(zip(try z.real.toDoubleArray(), try z.imag.toDoubleArray()))
      // Eigenvalues can be computed only as accurately as the matrix's size allows.
      let scale = max(1, a.reduce(0) { max($0, abs($1)) })
      let error = multisetDistance(ours, theirs) / scale
      // float32: PyTorch's own values are only float32-accurate.
      #expect(error < (single ? 1e-5 : 1e-10), "n = \(n): relative error \(error)")
      if !single { worst = max(worst, error) }
      let ordered = zip(ours, theirs).allSatisfy {
        abs($0.0 - $1.0) + abs($0.1 - $1.1) < (single ? 1e-4 : 1e-8) * scale
      }
      if ordered { sameOrder += 1 }
    }
    print(
      "eigvals vs PyTorch: worst float64 error / max|a| \(worst); same order in \(sameOrder) of "
        + "\(cases.count) (float64 and float32)"
    )
  }

  @Test func complexResultsPrintAsPyTorchPrintsThem() throws {
    let setup = [
      "R = torch.tensor([[0.0, -1.0], [1.0, 0.0]])",
      "z = torch.linalg.eigvals(R)",
      "L = torch.tensor([[1.0, 0.0, 0.0], [2.0, 5.0, 0.0], [3.0, 4.0, -2.0]])",
      "S = torch.tensor([[2.0, 0.0, 0.0], [0.0, -1.0, -1.5], [0.0, 1.0, -1.0]])",
      "B = torch.tensor([[1.0, 2.0, 0.0, 0.0], [-3.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1e-4, 0.0], "
        + "[0.0, 0.0, 0.0, 2e5]])",
    ]
    try expectEchoesMatchPyTorch(
      [
        "z", "torch.linalg.eigvals(R.double())", "torch.linalg.eigvals(L)",
        "torch.linalg.eigvals(S)", "torch.linalg.eigvals(S.double())",
        "torch.linalg.eigvals(B)", "torch.linalg.eigvals(B.double())",
        "torch.linalg.eigvals(torch.tensor([[3.0, 0.0], [0.0, 3.0]]))",
        "torch.linalg.eigvals(torch.zeros(0, 0))", "torch.linalg.eigvals(torch.zeros(2, 2))",
        "torch.linalg.eigvals(torch.stack([R, 4 * R]))",
        "torch.linalg.eigvals(torch.stack([R, 2 * R]).double())",
        "torch.linalg.eigvals(torch.eye(3) * 1e-3)", "torch.linalg.eigvals(L * 1e9)",
        "z.real", "z.imag", "z.abs()", "torch.abs(z)", "z.angle()", "z.conj()", "z[0]", "z[1:]",
        "z.shape", "z.dtype", "torch.linalg.eigvals(R.double()).dtype", "len(z)",
        "[e for e in z]", "torch.linalg.eigvals(S).abs().max()",
        "z.dtype == torch.complex64", "isinstance(z, torch.Tensor)",
      ], setup: setup)
  }

  @Test func errorsNameWhatToChange() throws {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    for (line, expected) in [
      (
        "torch.linalg.eigvals(torch.ones(2, 3))",
        "RuntimeError: linalg.eigvals: A must be batches of square matrices, but they are 2 "
          + "by 3 matrices"
      ),
      (
        "torch.linalg.eigvals(torch.ones(3))",
        "RuntimeError: linalg.eigvals: The input tensor A must have at least 2 dimensions."
      ),
      (
        "torch.linalg.eigvals(torch.tensor([[1.0, float('nan')], [0.0, 1.0]]))",
        "RuntimeError: linalg.eigvals: input tensor should not contain infs or NaNs."
      ),
      (
        "torch.linalg.eigvals(torch.eye(2)).tolist()",
        "NotImplementedError: tolist(): this language has no complex numbers; use "
          + "z.real.tolist(), z.imag.tolist() or z.abs().tolist() for the real parts, "
          + "imaginary parts or moduli"
      ),
      (
        "torch.linalg.eigvals(torch.eye(2)) + 1",
        "NotImplementedError: + is not supported on complex tensors here: take real tensors "
          + "out with z.real, z.imag, z.abs() (the moduli |z|) or z.angle() and compute with "
          + "those"
      ),
    ] {
      _ = session.execute(line)
      let printed = terminal.take()
      #expect(printed.contains(expected), "\(line)\n\(printed)")
    }
  }

  @Test func eigvalsRecordsNoGraph() throws {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    _ = session.execute("W = torch.randn(4, 4, requires_grad=True)")
    _ = session.execute("rho = torch.linalg.eigvals(W).abs().max()")
    _ = terminal.take()
    _ = session.execute("rho.requires_grad")
    #expect(terminal.take() == "False\n")
  }
}

/// The largest distance between paired elements of two lists of complex numbers, each
/// element of `a` paired with the nearest unused one of `b` (infinity when lengths differ).
private func multisetDistance(_ a: [(Double, Double)], _ b: [(Double, Double)]) -> Double {
  guard a.count == b.count else { return .infinity }
  var unused = b
  var worst = 0.0
  for (x, y) in a {
    func distance(_ k: Int) -> Double { hypot(unused[k].0 - x, unused[k].1 - y) }
    guard let k = unused.indices.min(by: { distance($0) < distance($1) }) else { return .infinity }
    worst = max(worst, distance(k))
    unused.remove(at: k)
  }
  return worst
}
