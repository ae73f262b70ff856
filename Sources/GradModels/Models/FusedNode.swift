// One autograd node for a whole fused computation, built from the engine's public pieces.
import GradTensor

/// Wraps the result of a fused forward pass so that `backward()` reaches it: `output` becomes
/// a leaf that requires grad, and a hook on it receives ∂L/∂output once every consumer has
/// contributed. The hook runs the hand-written backward pass (which accumulates the weights'
/// `.grad` itself) and sends ∂L/∂input on into the graph that produced `input`.
///
/// - Parameters:
///   - output: the fused result, a fresh tensor with no history.
///   - input: the tensor the computation read, if gradients should flow into it.
///   - backward: ∂L/∂output → ∂L/∂input (nil when the input needs none).
func attachFusedBackward(
  output: Tensor, input: Tensor?, backward: @escaping (Tensor) throws -> Tensor?
) throws -> Tensor {
  try output.requiresGrad_(true)
  try output.registerHook { gradient in
    let dInput = try backward(try gradient.contiguous())
    if let input, input.requiresGrad, let dInput {
      try input.backward(gradient: dInput)
    }
    return nil
  }
  return output
}

/// An affine layer as one node: the bias is the GEMM's starting value, and its gradient a
/// column sum, instead of a separate broadcast add and its reduction.
///
/// ```
/// y = x·Wᵀ + b           x [N, K], W [M, K], b [M], y [N, M]
/// ∂W = gᵀ·x   ∂b = Σ_rows g   ∂x = g·W
/// ```
func fusedLinear(_ input: Tensor, weight: Tensor, bias: Tensor) throws -> Tensor {
  switch weight.dtype {
  case .float64: return try fusedLinear(input, weight, bias, Double.self)
  default: return try fusedLinear(input, weight, bias, Float.self)
  }
}

private func fusedLinear<S: KernelScalar>(
  _ input: Tensor, _ weight: Tensor, _ bias: Tensor, _: S.Type
)
  throws -> Tensor
{
  guard input.ndim == 2, weight.ndim == 2, input.shape[1] == weight.shape[1],
    bias.shape == [weight.shape[0]]
  else {
    throw ModelError.invalidArgument(
      "linear layer: input \(input.shape), weight \(weight.shape) and bias \(bias.shape) do not fit"
    )
  }
  let N = input.shape[0]
  let K = input.shape[1]
  let M = weight.shape[0]
  try checkBLASSizes(N, K, M)
  let x = try input.detach().to(S.dtype).contiguous()
  let px = try x.elements(S.self)
  let pW = try weight.elements(S.self)
  let pb = try bias.elements(S.self)
  let y = try Tensor.zeros([N, M], dtype: S.dtype)
  let py = try y.elements(S.self)
  for r in 0..<N { (py + r * M).update(from: pb, count: M) }
  S.gemm(
    transA: false, transB: true, m: N, n: M, k: K, alpha: 1, a: px, lda: K, b: pW, ldb: K, beta: 1,
    c: py, ldc: M)
  guard GradMode.isEnabled, input.requiresGrad || weight.requiresGrad || bias.requiresGrad else {
    return y
  }
  return try attachFusedBackward(output: y, input: input) { gradient in
    let g = try gradient.to(S.dtype).contiguous()
    let pg = try g.elements(S.self)
    return try withExtendedLifetime((x, g)) {
      let dW = try Tensor.zeros([M, K], dtype: S.dtype)
      S.gemm(
        transA: true, transB: false, m: M, n: K, k: N, alpha: 1, a: pg, lda: M, b: px, ldb: K,
        beta: 0, c: try dW.elements(S.self), ldc: K)
      let db = try rowSum(pg, rows: N, columns: M)
      try weight.accumulate(gradient: dW)
      try bias.accumulate(gradient: db)
      guard input.requiresGrad else { return nil }
      let dx = try Tensor.zeros([N, K], dtype: S.dtype)
      S.gemm(
        transA: false, transB: false, m: N, n: K, k: M, alpha: 1, a: pg, lda: M, b: pW, ldb: K,
        beta: 0, c: try dx.elements(S.self), ldc: K)
      return try dx.to(input.dtype)
    }
  }
}
