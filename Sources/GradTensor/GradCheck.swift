// Checking analytic gradients against central finite differences in float64.

/// Per-input agreement between autograd and finite differences.
public struct GradCheckResult: Sendable, CustomStringConvertible {
  /// max |analytic − numeric| over the elements of each input.
  public let maxAbsoluteError: [Double]
  /// max |analytic − numeric| / max(|numeric|, 1e-8) over the elements of each input.
  public let maxRelativeError: [Double]
  /// Whether every element satisfied |analytic − numeric| ≤ atol + rtol · |numeric|.
  public let passed: Bool

  public var description: String {
    let rows = zip(maxAbsoluteError, maxRelativeError).enumerated().map { i, e in
      "input \(i): max abs error \(e.0), max rel error \(e.1)"
    }
    return (passed ? "gradcheck passed\n" : "gradcheck FAILED\n") + rows.joined(separator: "\n")
  }
}

/// Compares the gradients autograd computes for `f` with central finite differences:
///
/// ```
/// ∂L/∂xⱼ ≈ (L(x + h·eⱼ) − L(x − h·eⱼ)) / 2h,   L(x) = Σ w ⊙ f(x)
/// ```
///
/// with fixed pseudo-random weights w, so a non-scalar output is checked through a random
/// projection (every output element contributes).
///
/// - Parameters:
///   - f: the function under test; it receives fresh leaf copies of `inputs`.
///   - inputs: float64 tensors (float32 is too coarse for finite differences).
///   - eps: the step h.
///   - atol, rtol: tolerances for `passed`.
public func gradcheck(
  _ f: ([Tensor]) throws -> Tensor, inputs: [Tensor], eps: Double = 1e-6, atol: Double = 1e-5,
  rtol: Double = 1e-3
) throws -> GradCheckResult {
  for (i, x) in inputs.enumerated() where x.dtype != .float64 {
    throw TensorError(
      .dtypeMismatch,
      "gradcheck: input \(i) is \(x.dtype.torchName); finite differences need float64 inputs "
        + "(use .double())")
  }
  let leaves = try inputs.map { try $0.detach().copyData(to: .float64).requiresGrad_() }
  let output = try f(leaves)
  var rng = TensorRandomGenerator(seed: 1234)
  let weights = try Tensor(
    (0..<output.count).map { _ in rng.nextUnit() + 0.5 }, shape: output.shape, dtype: .float64)
  try (output * weights).sum().backward()

  func loss() throws -> Double {
    try noGrad { try (f(leaves) * weights).sum().item() }
  }
  var maxAbs: [Double] = []
  var maxRel: [Double] = []
  var passed = true
  for x in leaves {
    let analytic = x.grad?.toDoubleArray() ?? [Double](repeating: 0, count: x.count)
    var worstAbs = 0.0
    var worstRel = 0.0
    let p = x.storage.typed(Double.self)
    for j in 0..<x.count {
      let original = p[j]
      p[j] = original + eps
      let plus = try loss()
      p[j] = original - eps
      let minus = try loss()
      p[j] = original
      let numeric = (plus - minus) / (2 * eps)
      let err = Swift.abs(analytic[j] - numeric)
      worstAbs = Swift.max(worstAbs, err)
      worstRel = Swift.max(worstRel, err / Swift.max(Swift.abs(numeric), 1e-8))
      if !(err <= atol + rtol * Swift.abs(numeric)) { passed = false }
    }
    maxAbs.append(worstAbs)
    maxRel.append(worstRel)
  }
  return GradCheckResult(maxAbsoluteError: maxAbs, maxRelativeError: maxRel, passed: passed)
}
