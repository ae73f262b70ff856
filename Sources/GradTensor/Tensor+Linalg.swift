// Singular values of a matrix, from the symmetric eigenproblem of AᵀA solved by cyclic
// Jacobi rotations (in float64, for the small matrices a course looks at):
//
//   AᵀA = V Λ Vᵀ,   σ_i = √λ_i (descending),   u_i = A v_i / σ_i
//   ∂σ_i/∂A = u_i v_iᵀ,  so  ∂L/∂A = Σ_i g_i u_i v_iᵀ = A V diag(g/σ) Vᵀ
//
// m rows, n columns, k = min(m, n) singular values.

import Foundation

extension Tensor {
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

// MARK: - Eigenvalues of a general real matrix

// The eigenvalues of a real n × n matrix A, which need not be symmetric, so they come as
// real numbers and complex-conjugate pairs a ± ib. Three steps, all similarity transforms
// A ← S⁻¹AS, which keep the eigenvalues:
//
// 1. Balancing: A ← D⁻¹AD with D diagonal, entries powers of 2 (exact in floating point),
//    chosen so row i and column i have about the same size. Rounding errors scale with ‖A‖,
//    so a smaller norm gives more accurate eigenvalues.
// 2. Hessenberg form: Householder reflections P = I − 2vvᵀ/vᵀv (P = Pᵀ = P⁻¹) zero each
//    column below its subdiagonal, H = QᵀAQ with h_ij = 0 for i > j + 1. QR steps keep this
//    form and cost O(n²) on it instead of O(n³).
// 3. Shifted QR (Francis): H − σI = QR, H ← RQ + σI = QᵀHQ. Entries h_{k,k−1} shrink like
//    |λ_k − σ| / |λ_{k−1} − σ|, so with σ near an eigenvalue the last subdiagonal entry
//    vanishes fast and the bottom value is an eigenvalue (deflation). For complex pairs
//    the two shifts σ₁, σ₂ are the eigenvalues of the trailing 2 × 2 block; doing both steps
//    at once works with the real polynomial
//
//      (H − σ₁I)(H − σ₂I) = H² − sH + tI,   s = σ₁ + σ₂ (trace),  t = σ₁σ₂ (determinant)
//
//    and never leaves real arithmetic: the first column of that matrix (three non-zeros)
//    fixes a 3 × 3 reflection, whose "bulge" below the subdiagonal is chased down and out
//    of the matrix by further reflections (the implicit Q theorem: the result is the same
//    QᵀHQ). When a subdiagonal entry is negligible the matrix splits; a 1 × 1 block at the
//    bottom is a real eigenvalue, a 2 × 2 block gives a real or a complex-conjugate pair.
//
// The eigenvalues come in the order they sit on the diagonal of the final (quasi-)triangular
// form, a complex pair with the positive imaginary part first. LAPACK, which PyTorch calls,
// follows the same scheme with a different balancing (it also permutes) and other shift and
// deflation details, so its order is often but not always this one.

extension Tensor {
  /// All eigenvalues of a square matrix, or of each matrix of a batch `(..., n, n)`
  /// (`torch.linalg.eigvals`): real and imaginary parts of shape `(..., n)`, in the input's
  /// dtype. Computed in float64; no autograd graph is recorded.
  public func eigenvalues() throws -> ComplexTensor {
    guard ndim >= 2 else {
      throw TensorError(
        .shapeMismatch, "linalg.eigvals: The input tensor A must have at least 2 dimensions.")
    }
    let (rows, n) = (shape[ndim - 2], shape[ndim - 1])
    guard rows == n else {
      throw TensorError(
        .shapeMismatch,
        "linalg.eigvals: A must be batches of square matrices, but they are \(rows) by \(n) "
          + "matrices")
    }
    guard dtype.isFloatingPoint else {
      throw TensorError(
        .dtypeMismatch,
        "linalg.eigvals: Expected a floating point or complex tensor as input. Got "
          + (dtype == .int64 ? "Long" : "Bool"))
    }
    guard n <= 1000 else {
      throw TensorError(
        .invalidArgument, "linalg.eigvals: matrices above 1000 × 1000 are not supported")
    }
    let a = try detach().to(.float64).contiguous().toDoubleArray()
    guard a.allSatisfy(\.isFinite) else {
      throw TensorError(
        .invalidArgument, "linalg.eigvals: input tensor should not contain infs or NaNs.")
    }
    let outShape = Array(shape.dropLast())
    let batch = outShape.dropLast().reduce(1, *)
    var re: [Double] = []
    var im: [Double] = []
    re.reserveCapacity(batch * n)
    im.reserveCapacity(batch * n)
    for b in 0..<batch {
      let matrix = Array(a[(b * n * n)..<((b + 1) * n * n)])
      let (x, y) = try generalEigenvalues(matrix, n)
      re += x
      im += y
    }
    return try ComplexTensor(
      real: Tensor(re, shape: outShape, dtype: dtype),
      imag: Tensor(im, shape: outShape, dtype: dtype))
  }
}

/// The eigenvalues of the row-major n × n matrix `a`: real parts and imaginary parts.
func generalEigenvalues(_ a: [Double], _ n: Int) throws -> (real: [Double], imag: [Double]) {
  var h = a
  balance(&h, n)
  reduceToHessenberg(&h, n)
  return try hessenbergEigenvalues(&h, n)
}

/// Balances the n × n matrix in place: A ← D⁻¹AD, D = diag(d_i), d_i powers of 2, until the
/// off-diagonal sums of |a| over column i (c) and row i (r) are within a factor of 2 of each
/// other. Scaling column i by f and row i by 1/f turns (c, r) into (cf, r/f).
func balance(_ h: inout [Double], _ n: Int) {
  let radix = 2.0
  for _ in 0..<100 {
    var changed = false
    for i in 0..<n {
      var c = 0.0
      var r = 0.0
      for j in 0..<n where j != i {
        c += Swift.abs(h[j * n + i])
        r += Swift.abs(h[i * n + j])
      }
      if c == 0 || r == 0 { continue }
      let before = c + r
      // The power of 2 f that brings c·f close to r/f, i.e. c·f² close to r.
      var f = 1.0
      var cf2 = c
      while cf2 < r / radix {
        f *= radix
        cf2 *= radix * radix
      }
      while cf2 > r * radix {
        f /= radix
        cf2 /= radix * radix
      }
      // (c·f² + r)/f = c·f + r/f: scale only when the sum drops by 5% or more.
      guard (cf2 + r) / f < 0.95 * before else { continue }
      changed = true
      for j in 0..<n { h[i * n + j] /= f }
      for j in 0..<n { h[j * n + i] *= f }
    }
    if !changed { return }
  }
}

/// A Householder reflection P = I − βvvᵀ with Pu = αe₁ (|α| = ‖u‖; the sign of α is the
/// opposite of u₀'s, so v₀ = u₀ − α adds magnitudes instead of cancelling). Nil when u = 0.
func householder(_ u: [Double]) -> (v: [Double], beta: Double, alpha: Double)? {
  let scale = u.reduce(0) { Swift.max($0, Swift.abs($1)) }
  guard scale > 0 else { return nil }
  let norm = scale * u.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
  let alpha = u[0] >= 0 ? -norm : norm
  var v = u
  v[0] -= alpha
  let vv = v.reduce(0) { $0 + $1 * $1 }
  guard vv > 0 else { return nil }
  return (v, 2 / vv, alpha)
}

/// Reduces the n × n matrix to upper Hessenberg form in place, H = QᵀAQ: for each column
/// k, a reflection of rows and columns k+1..n−1 zeroes the entries below h_{k+1,k}.
func reduceToHessenberg(_ h: inout [Double], _ n: Int) {
  guard n > 2 else { return }
  for k in 0..<(n - 2) {
    let u = ((k + 1)..<n).map { h[$0 * n + k] }
    guard u.dropFirst().contains(where: { $0 != 0 }), let (v, beta, alpha) = householder(u)
    else { continue }
    // From the left, P·H on rows k+1..n−1 (columns before k are already zero there).
    for j in k..<n {
      var dot = 0.0
      for i in 0..<v.count { dot += v[i] * h[(k + 1 + i) * n + j] }
      let s = beta * dot
      for i in 0..<v.count { h[(k + 1 + i) * n + j] -= s * v[i] }
    }
    // From the right, H·P on columns k+1..n−1 of every row.
    for i in 0..<n {
      var dot = 0.0
      for j in 0..<v.count { dot += h[i * n + k + 1 + j] * v[j] }
      let s = beta * dot
      for j in 0..<v.count { h[i * n + k + 1 + j] -= s * v[j] }
    }
    h[(k + 1) * n + k] = alpha
    for i in (k + 2)..<n { h[i * n + k] = 0 }
  }
}

/// The eigenvalues of an upper Hessenberg matrix by Francis double-shift QR with deflation;
/// `h` is overwritten. The value at diagonal position i is eigenvalue i.
func hessenbergEigenvalues(_ h: inout [Double], _ n: Int) throws -> (
  real: [Double], imag: [Double]
) {
  var re = [Double](repeating: 0, count: n)
  var im = [Double](repeating: 0, count: n)
  let eps = Double.ulpOfOne
  let norm = h.reduce(0) { Swift.max($0, Swift.abs($1)) }
  var hi = n - 1
  var sinceDeflation = 0
  var total = 0
  while hi >= 0 {
    // l: where the unreduced block ending at hi starts. A subdiagonal entry below rounding
    // level next to its diagonal neighbours is set to 0, which splits the matrix.
    var l = hi
    while l > 0 {
      let sub = Swift.abs(h[l * n + l - 1])
      var neighbours = Swift.abs(h[(l - 1) * n + l - 1]) + Swift.abs(h[l * n + l])
      if neighbours == 0 { neighbours = norm }
      if sub <= eps * neighbours || sub < Double.leastNormalMagnitude {
        h[l * n + l - 1] = 0
        break
      }
      l -= 1
    }
    if l == hi {
      // A 1 × 1 block: a real eigenvalue.
      re[hi] = h[hi * n + hi]
      hi -= 1
      sinceDeflation = 0
      continue
    }
    if l == hi - 1 {
      // A 2 × 2 block: two real eigenvalues or a complex-conjugate pair.
      let pair = blockEigenvalues(
        h[l * n + l], h[l * n + hi], h[hi * n + l], h[hi * n + hi])
      (re[l], im[l], re[hi], im[hi]) = pair
      hi -= 2
      sinceDeflation = 0
      continue
    }
    sinceDeflation += 1
    total += 1
    guard total <= 30 * Swift.max(n, 10) else {
      throw TensorError(
        .invalidArgument,
        "linalg.eigvals: the QR algorithm did not converge after \(total) steps (\(hi + 1) "
          + "eigenvalues left); the matrix may be badly scaled")
    }
    let (p, q) = (hi - 1, hi)
    var s = h[p * n + p] + h[q * n + q]
    var t = h[p * n + p] * h[q * n + q] - h[p * n + q] * h[q * n + p]
    if sinceDeflation % 10 == 0 {
      // An exceptional shift after 10 steps without deflation, to break a cycle the usual
      // shifts can fall into: shifts of size ~ the trailing subdiagonal entries.
      let e = Swift.abs(h[q * n + p]) + Swift.abs(h[p * n + p - 1])
      s = 1.5 * e
      t = e * e
    }
    francisStep(&h, n, l, hi, s, t)
  }
  return (re, im)
}

/// The eigenvalues of [[a, b], [c, d]]: with p = (a − d)/2, λ = d + p ± √(p² + bc).
///
/// Real pair (p² + bc ≥ 0): z = p + sign(p)·√(p² + bc) adds two numbers of one sign, then
/// λ₁ = d + z and λ₂ = d − bc/z (since z·(p − sign(p)√…) = p² − (p² + bc) = −bc), which
/// avoids cancellation. Complex pair: (d + p) ± i√(−(p² + bc)), positive part first.
func blockEigenvalues(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> (
  Double, Double, Double, Double
) {
  let p = 0.5 * (a - d)
  let bc = b * c
  let discriminant = p * p + bc
  if discriminant >= 0 {
    let z = p + (p >= 0 ? 1.0 : -1.0) * discriminant.squareRoot()
    if z == 0 { return (d, 0, d, 0) }
    return (d + z, 0, d - bc / z, 0)
  }
  let mean = d + p
  let width = (-discriminant).squareRoot()
  return (mean, width, mean, -width)
}

/// One Francis double-shift QR step on rows and columns l...hi of the Hessenberg matrix
/// (the unreduced block; updates outside it would only change the Schur vectors).
/// - Parameters:
///   - s: the sum of the two shifts.
///   - t: their product.
func francisStep(_ h: inout [Double], _ n: Int, _ l: Int, _ hi: Int, _ s: Double, _ t: Double) {
  @inline(__always) func at(_ i: Int, _ j: Int) -> Double { h[i * n + j] }
  // First column of H² − sH + tI: only its first three entries are non-zero.
  var x = at(l, l) * at(l, l) + at(l, l + 1) * at(l + 1, l) - s * at(l, l) + t
  var y = at(l + 1, l) * (at(l, l) + at(l + 1, l + 1) - s)
  var z = at(l + 1, l) * at(l + 2, l + 1)
  for k in l...(hi - 1) {
    // The reflection acts on rows / columns k..last: three of them, two at the bottom.
    let last = Swift.min(k + 2, hi)
    let u = last == k + 2 ? [x, y, z] : [x, y]
    if let (v, beta, alpha) = householder(u) {
      // From the left, on rows k..last, columns from k−1 (the bulge) to hi.
      for j in Swift.max(l, k - 1)...hi {
        var dot = 0.0
        for i in 0..<v.count { dot += v[i] * h[(k + i) * n + j] }
        let f = beta * dot
        for i in 0..<v.count { h[(k + i) * n + j] -= f * v[i] }
      }
      if k > l {
        // The bulge's column is now αe₁ exactly.
        h[k * n + k - 1] = alpha
        for i in (k + 1)...last { h[i * n + k - 1] = 0 }
      }
      // From the right, on columns k..last, rows l to one below the bulge.
      for i in l...Swift.min(k + 3, hi) {
        var dot = 0.0
        for j in 0..<v.count { dot += h[i * n + k + j] * v[j] }
        let f = beta * dot
        for j in 0..<v.count { h[i * n + k + j] -= f * v[j] }
      }
    }
    if k + 1 <= hi - 1 {
      x = at(k + 1, k)
      y = at(k + 2, k)
      z = k + 3 <= hi ? at(k + 3, k) : 0
    }
  }
}
