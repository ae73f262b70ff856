// Fused layers as single autograd nodes: the forward pass runs over raw buffers, and the
// output is recorded with a custom backward rule whose inputs are the layer's input AND its
// weights (GradTensor's CustomBackward, PyTorch's autograd.Function).
import GradTensor

/// A fused node's backward pass: a closure over what its forward pass kept (the input, the
/// tape), from ∂L/∂out to the gradient of every recorded input.
struct FusedBackward: CustomBackward {
  /// `grad_fn=<name>`: `AddmmBackward0`, `LSTMBackward`, …
  let name: String
  /// g = ∂L/∂out and which inputs need a gradient → one gradient (or nil) per input.
  let backward: (Tensor, [Bool]) throws -> [Tensor?]

  /// The closure holds the forward pass's buffers: released after backward unless retained.
  var savesTensors: Bool { true }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] { try backward(g, needs) }
}

/// An affine layer as one node (`AddmmBackward0`, as PyTorch names `addmm`): the bias is the
/// GEMM's starting value, and its gradient a column sum, instead of a separate broadcast add
/// and its reduction.
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
  let rule = FusedBackward(name: "AddmmBackward0") { gradient, needs in
    let g = try gradient.to(S.dtype).contiguous()
    let pg = try g.elements(S.self)
    return try withExtendedLifetime((x, g)) {
      var dW: Tensor? = nil
      if needs[1] {
        let d = try Tensor.zeros([M, K], dtype: S.dtype)
        S.gemm(
          transA: true, transB: false, m: M, n: K, k: N, alpha: 1, a: pg, lda: M, b: px, ldb: K,
          beta: 0, c: try d.elements(S.self), ldc: K)
        dW = d
      }
      let db = needs[2] ? try rowSum(pg, rows: N, columns: M) : nil
      var dx: Tensor? = nil
      if needs[0] {
        let d = try Tensor.zeros([N, K], dtype: S.dtype)
        S.gemm(
          transA: false, transB: false, m: N, n: K, k: M, alpha: 1, a: pg, lda: M,
          b: try weight.elements(S.self), ldb: K, beta: 0, c: try d.elements(S.self), ldc: K)
        dx = d
      }
      return [dx, dW, db]
    }
  }
  return try y.recorded(by: rule, inputs: [input, weight, bias])
}
