// The affine map every layer starts from, as one graph node: PyTorch's `addmm` (with a bias)
// and `mm` (without).
//
// N rows (the batch, or batch × time flattened), K in_features, M out_features.
//
// ```
// y = x·Wᵀ + b           x [N, K], W [M, K], b [M], y [N, M]
// ∂x = g·W   ∂W = gᵀ·x   ∂b = Σ_rows g
// ```
//
// The bias is the GEMM's starting value (β = 1), and its gradient a column sum of g, instead of
// a broadcast add with a reduction of its own: one output buffer, one node, three GEMMs in
// backward. The composite `x.matmul(W.T) + b` computes the same and stays the reference the
// tests compare with.

/// `F.linear(input, weight, bias)`: y = input · weightᵀ + bias over the last dimension.
///
/// A 2-D input is one node named `AddmmBackward0` (`MmBackward0` without a bias), as in
/// PyTorch; any other input is viewed as the (rows, in_features) matrix and the result viewed
/// back. Integer tensors (no BLAS type) take the composite path.
///
/// - Parameters:
///   - input: (…, K).
///   - weight: (M, K).
///   - bias: (M), or nil.
/// - Returns: (…, M).
public func linear(_ input: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
  guard weight.ndim == 2, input.ndim >= 1, input.shape[input.ndim - 1] == weight.shape[1] else {
    let rows = input.ndim >= 1 ? input.shape.dropLast().reduce(1, *) : 1
    throw TensorError(
      .shapeMismatch,
      "mat1 and mat2 shapes cannot be multiplied (\(rows)x\(input.shape.last ?? 1) and "
        + "\(weight.shape.last ?? 0)x\(weight.shape.first ?? 0))")
  }
  guard input.dtype == weight.dtype else {
    throw TensorError(
      .dtypeMismatch,
      "mat1 and mat2 must have the same dtype, but got \(input.dtype.scalarTypeName) and "
        + weight.dtype.scalarTypeName)
  }
  let (K, M) = (weight.shape[1], weight.shape[0])
  let leading = Array(input.shape.dropLast())
  let x = input.ndim == 2 ? input : try input.reshape([leading.reduce(1, *), K])
  let fits = bias.map { $0.shape == [M] && $0.dtype == weight.dtype } ?? true
  let y: Tensor
  switch weight.dtype {
  case .float32 where fits: y = try addmm(x, weight, bias, Float.self)
  case .float64 where fits: y = try addmm(x, weight, bias, Double.self)
  default:
    // A bias that only broadcasts, or integers: the same map from the primitives.
    let product = try x.matmul(weight.T)  // (N, M)
    y = try bias.map { try product + $0 } ?? product
  }
  return input.ndim == 2 ? y : try y.reshape(leading + [M])
}

/// y = x·Wᵀ (+ b) over raw buffers, recorded as one node.
private func addmm<S: KernelScalar>(_ input: Tensor, _ weight: Tensor, _ bias: Tensor?, _: S.Type)
  throws -> Tensor
{
  let (N, K, M) = (input.shape[0], input.shape[1], weight.shape[0])
  try checkBLASSizes(N, K, M)
  let x = try input.detach().contiguous()
  let W = try weight.detach().contiguous()
  // Every element is written (the bias rows, or the product with β = 0) unless K = 0, where
  // the product is empty and y = b or 0.
  let y =
    bias != nil || K > 0
    ? try Tensor(empty: [N, M], dtype: S.dtype) : try Tensor.zeros([N, M], dtype: S.dtype)
  let py = try y.elements(S.self)
  if let bias {
    let b = try bias.detach().contiguous()
    try withExtendedLifetime(b) {
      let pb = try b.elements(S.self)
      for r in 0..<N { (py + r * M).update(from: pb, count: M) }
    }
  }
  if N > 0 && M > 0 && K > 0 {
    S.gemm(
      transA: false, transB: true, m: N, n: M, k: K, alpha: 1, a: try x.elements(S.self), lda: K,
      b: try W.elements(S.self), ldb: K, beta: bias == nil ? 0 : 1, c: py, ldc: M)
  }
  // As in PyTorch's graph: addmm reads (x, W, b); mm reads x and the view Wᵀ, whose own node
  // (TBackward0) turns ∂Wᵀ back into ∂W.
  let inputs = bias.map { [input, weight, $0] } ?? [input, weight.T]
  return try y.recorded(by: AddmmBackward<S>(x: x, W: W, hasBias: bias != nil), inputs: inputs)
}

/// The affine node's backward pass: ∂x = g·W, ∂W = gᵀ·x, ∂b = Σ_rows g (without a bias,
/// ∂Wᵀ = xᵀ·g for the transposed view it read).
private struct AddmmBackward<S: KernelScalar>: CustomBackward {
  /// The forward pass's input (N, K) and weight (M, K), contiguous.
  let x: Tensor
  let W: Tensor
  let hasBias: Bool

  var name: String { hasBias ? "AddmmBackward0" : "MmBackward0" }
  var savesTensors: Bool { true }

  func gradients(_ gradient: Tensor, needs: [Bool]) throws -> [Tensor?] {
    let (N, K, M) = (x.shape[0], x.shape[1], W.shape[0])
    let g = try gradient.to(S.dtype).contiguous()  // (N, M)
    // pg points into g: g lives until every GEMM has read it.
    return try withExtendedLifetime(g) {
      let pg = try g.elements(S.self)
      var dx: Tensor? = nil
      if needs[0] {
        // β = 0 overwrites every element; an empty product (M = 0) leaves zeros.
        let d =
          try M > 0 ? Tensor(empty: [N, K], dtype: S.dtype) : Tensor.zeros([N, K], dtype: S.dtype)
        if N > 0 && K > 0 && M > 0 {
          S.gemm(
            transA: false, transB: false, m: N, n: K, k: M, alpha: 1, a: pg, lda: M,
            b: try W.elements(S.self), ldb: K, beta: 0, c: try d.elements(S.self), ldc: K)
        }
        dx = d
      }
      var dW: Tensor? = nil
      if needs[1] {
        let d =
          try N > 0 ? Tensor(empty: [M, K], dtype: S.dtype) : Tensor.zeros([M, K], dtype: S.dtype)
        if N > 0 && K > 0 && M > 0 {
          S.gemm(
            transA: true, transB: false, m: M, n: K, k: N, alpha: 1, a: pg, lda: M,
            b: try x.elements(S.self), ldb: K, beta: 0, c: try d.elements(S.self), ldc: K)
        }
        dW = d
      }
      guard hasBias else { return [dx, dW?.T] }
      let db = needs[2] ? try rowSum(pg, rows: N, columns: M) : nil
      return [dx, dW, db]
    }
  }
}
