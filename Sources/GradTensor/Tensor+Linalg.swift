// Singular values of a matrix, from the symmetric eigenproblem of AᵀA solved by cyclic
// Jacobi rotations (in float64, for the small matrices a course looks at):
//
//   AᵀA = V Λ Vᵀ,   σ_i = √λ_i (descending),   u_i = A v_i / σ_i
//   ∂σ_i/∂A = u_i v_iᵀ,  so  ∂L/∂A = Σ_i g_i u_i v_iᵀ = A V diag(g/σ) Vᵀ
//
// m rows, n columns, k = min(m, n) singular values.

import Foundation

extension Tensor {
  /// `torch.diag`: a vector becomes the square matrix with it on the `diagonal`-th diagonal
  /// (0 the main one, above it positive, below negative); a matrix gives that diagonal as a
  /// vector (a copy).
  ///
  /// ```
  /// diag(v, k)[i, i + k] = v[i]        diag(A, k)[i] = A[i, i + k]
  /// ```
  ///
  /// Each is the other's adjoint: the gradient of the vector is the diagonal of g, and the
  /// gradient of the matrix is g placed on the diagonal.
  public func diag(_ diagonal: Int = 0) throws -> Tensor {
    let below = Swift.max(-diagonal, 0)
    let above = Swift.max(diagonal, 0)
    switch ndim {
    case 1:
      let n = shape[0]
      let m = n + below + above
      let positions = try Tensor((0..<n).map { i in (i + below) * m + i + above }, shape: [n])
      let flat = try Tensor.zeros([m * m], dtype: dtype)
      let out = try noGrad {
        try flat.indexPut_([.tensor(positions)], detach())
        return try flat.reshape([m, m])
      }
      return try record(out, .diagEmbed(inputShape: shape, positions: positions), [self])
    case 2:
      let (rows, cols) = (shape[0], shape[1])
      let n = Swift.max(Swift.min(rows - below, cols - above), 0)
      let positions = try Tensor((0..<n).map { i in (i + below) * cols + i + above }, shape: [n])
      let out = try take(positions, shape: [n])
      return try record(
        out, .take(inputShape: shape, positions: positions, name: "DiagonalBackward0_copy"),
        [self])
    default:
      throw TensorError(.shapeMismatch, "diag(): Supports 1D or 2D tensors. Got \(ndim)D")
    }
  }

  /// The singular values of a 2-D tensor, largest first (`torch.linalg.svdvals`).
  public func singularValues() throws -> Tensor {
    guard ndim == 2, dtype.isFloatingPoint else {
      throw TensorError(
        .shapeMismatch,
        "svdvals: expected a 2-D floating-point matrix, got shape \(shapeString(shape)) "
          + "of \(dtype.torchName)")
    }
    let (m, n) = (shape[0], shape[1])
    guard m * n <= 250_000 else {
      throw TensorError(.invalidArgument, "svdvals: matrices above 500 × 500 are not supported")
    }
    let a = try detach().to(.float64).contiguous().toDoubleArray()
    // M = AᵀA (n × n), symmetric.
    var mat = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in i..<n {
        var s = 0.0
        for r in 0..<m { s += a[r * n + i] * a[r * n + j] }
        mat[i * n + j] = s
        mat[j * n + i] = s
      }
    }
    var vectors = [Double](repeating: 0, count: n * n)
    for i in 0..<n { vectors[i * n + i] = 1 }
    jacobiEigen(&mat, &vectors, n)
    let k = Swift.min(m, n)
    let order = (0..<n).sorted { mat[$0 * n + $0] > mat[$1 * n + $1] }.prefix(k)
    let sigma = order.map { Swift.max(mat[$0 * n + $0], 0).squareRoot() }
    let out = try Tensor(sigma, shape: [k], dtype: dtype)
    guard requiresGrad && GradMode.isEnabled else { return out }
    // Columns v_i of V for the kept values, as an (n, k) matrix.
    var kept = [Double](repeating: 0, count: n * k)
    for (c, j) in order.enumerated() { for r in 0..<n { kept[r * k + c] = vectors[r * n + j] } }
    let rule = SingularValuesBackward(
      matrix: try detach().to(.float64), vectors: try Tensor(kept, shape: [n, k], dtype: .float64),
      sigma: try Tensor(sigma, shape: [k], dtype: .float64), dtype: dtype)
    return try out.recorded(by: rule, inputs: [self])
  }
}

/// Diagonalises the symmetric n × n matrix `a` in place by cyclic Jacobi rotations,
/// accumulating the rotations in `v` (so that a = V Λ Vᵀ of the original).
private func jacobiEigen(_ a: inout [Double], _ v: inout [Double], _ n: Int) {
  for _ in 0..<100 {
    var off = 0.0
    for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
    if off < 1e-300 { return }
    for p in 0..<n {
      for q in (p + 1)..<Swift.max(n, p + 1) where q < n {
        let apq = a[p * n + q]
        if apq == 0 { continue }
        // The rotation angle θ that zeroes a_pq: tan 2θ = 2a_pq / (a_qq − a_pp).
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
        let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        for k in 0..<n {
          let akp = a[k * n + p]
          let akq = a[k * n + q]
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for k in 0..<n {
          let apk = a[p * n + k]
          let aqk = a[q * n + k]
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
        for k in 0..<n {
          let vkp = v[k * n + p]
          let vkq = v[k * n + q]
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
}

/// The backward pass of `singularValues`: ∂L/∂A = A V diag(g/σ) Vᵀ.
struct SingularValuesBackward: CustomBackward {
  let matrix: Tensor
  let vectors: Tensor
  let sigma: Tensor
  let dtype: DType
  var name: String { "LinalgSvdBackward0" }
  var savesTensors: Bool { true }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    guard needs[0] else { return [nil] }
    let scaled = try g.to(.float64) / sigma
    let grad = try matrix.matmul(vectors * scaled).matmul(vectors.T)
    return [try grad.to(dtype)]
  }
}
