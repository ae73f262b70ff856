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
  /// dtype, in the order LAPACK's routine for that dtype gives in nearly every case; no
  /// autograd graph is recorded.
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
      var (x, y) = try generalEigenvalues(matrix, n)
      if dtype == .float32 {
        // Where the QR steps deflate depends on the rounding level, and with it the order:
        // float32 arithmetic finds the order LAPACK's float32 routine (PyTorch's) gives,
        // float64 arithmetic the values, each then rounded to float32.
        let (x32, y32) = try generalEigenvalues(matrix.map { Float($0) }, n)
        (x, y) = inOrder(of: x32.map(Double.init), y32.map(Double.init), values: x, y)
      }
      re += x
      im += y
    }
    return try ComplexTensor(
      real: Tensor(re, shape: outShape, dtype: dtype),
      imag: Tensor(im, shape: outShape, dtype: dtype))
  }
}

/// The complex numbers x + iy rearranged to follow the order of approximations of them
/// (each approximation, in turn, takes the nearest number not yet taken).
func inOrder(of approxRe: [Double], _ approxIm: [Double], values re: [Double], _ im: [Double])
  -> (real: [Double], imag: [Double])
{
  var unused = Array(re.indices)
  var order: [Int] = []
  for (a, b) in zip(approxRe, approxIm) {
    guard
      let k = unused.indices.min(by: {
        hypot(re[unused[$0]] - a, im[unused[$0]] - b)
          < hypot(re[unused[$1]] - a, im[unused[$1]] - b)
      })
    else { break }
    order.append(unused.remove(at: k))
  }
  order += unused
  return (order.map { re[$0] }, order.map { im[$0] })
}

/// The eigenvalues of the row-major n × n matrix `a`: real parts and imaginary parts.
func generalEigenvalues<T: BinaryFloatingPoint>(_ a: [T], _ n: Int) throws -> (
  real: [T], imag: [T]
) {
  var h = a
  let (lo, hi) = isolateEigenvalues(&h, n)
  // Block upper triangular now: diagonal entries outside lo...hi are eigenvalues already.
  var re = (0..<n).map { h[$0 * n + $0] }
  var im = [T](repeating: 0, count: n)
  guard lo <= hi else { return (re, im) }
  let m = hi - lo + 1
  var block = [T](repeating: 0, count: m * m)
  for i in 0..<m { for j in 0..<m { block[i * m + j] = h[(lo + i) * n + lo + j] } }
  balance(&block, m)
  reduceToHessenberg(&block, m)
  let (x, y) = try hessenbergEigenvalues(&block, m)
  re.replaceSubrange(lo...hi, with: x)
  im.replaceSubrange(lo...hi, with: y)
  return (re, im)
}

/// Moves eigenvalues that can be read off without iterating to the corners, by symmetric
/// permutations PᵀAP (which only relabel the unknowns); returns the block lo...hi left.
///
/// A row i whose off-diagonal entries are all zero means (A − a_ii I) has a zero row, so
/// a_ii is an eigenvalue; swapping i with the last index of the block makes the matrix
/// block upper triangular with a_ii alone at the bottom, and the block shrinks. Then a
/// column with zero off-diagonal entries likewise goes to the top. After each swap the
/// search starts again, over the smaller block. A triangular matrix ends fully isolated.
func isolateEigenvalues<T: BinaryFloatingPoint>(_ h: inout [T], _ n: Int) -> (lo: Int, hi: Int) {
  func swap(_ i: Int, _ j: Int) {
    guard i != j else { return }
    for r in 0..<n { h.swapAt(r * n + i, r * n + j) }
    for c in 0..<n { h.swapAt(i * n + c, j * n + c) }
  }
  var lo = 0
  var hi = n - 1
  // Rows isolating an eigenvalue, pushed down (searched from the bottom of the block).
  searchingRows: while hi > 0 {
    for i in stride(from: hi, through: 0, by: -1) {
      let isolated = (0...hi).allSatisfy { $0 == i || h[i * n + $0] == 0 }
      if isolated {
        swap(i, hi)
        hi -= 1
        continue searchingRows
      }
    }
    break
  }
  // Columns isolating an eigenvalue, pushed left (searched from the left of the block).
  searchingColumns: while lo < hi {
    for j in lo...hi {
      let isolated = (lo...hi).allSatisfy { $0 == j || h[$0 * n + j] == 0 }
      if isolated {
        swap(j, lo)
        lo += 1
        continue searchingColumns
      }
    }
    break
  }
  return (lo, hi)
}

/// Balances the n × n matrix in place: A ← D⁻¹AD, D = diag(d_i), d_i powers of 2, until
/// the 2-norms of column i (c) and row i (r) are within about a factor of 2 of each other.
/// Scaling column i by f and row i by 1/f turns (c, r) into about (cf, r/f).
func balance<T: BinaryFloatingPoint>(_ h: inout [T], _ n: Int) {
  let radix: T = 2
  for _ in 0..<100 {
    var changed = false
    for i in 0..<n {
      var c: T = 0
      var r: T = 0
      for j in 0..<n {
        c += h[j * n + i] * h[j * n + i]
        r += h[i * n + j] * h[i * n + j]
      }
      c = c.squareRoot()
      r = r.squareRoot()
      if c == 0 || r == 0 { continue }
      let before = c + r
      // The power of 2 f that brings c·f close to r/f.
      var f: T = 1
      while c < r / radix {
        f *= radix
        c *= radix
        r /= radix
      }
      while c >= r * radix {
        f /= radix
        c /= radix
        r *= radix
      }
      // Scale only when c·f + r/f is at least 5% below c + r.
      guard c + r < 0.95 * before else { continue }
      changed = true
      for j in 0..<n { h[i * n + j] /= f }
      for j in 0..<n { h[j * n + i] *= f }
    }
    if !changed { return }
  }
}

/// A Householder reflection P = I − βvvᵀ with Pu = αe₁ (|α| = ‖u‖; the sign of α is the
/// opposite of u₀'s, so v₀ = u₀ − α adds magnitudes instead of cancelling). Nil when u = 0.
func householder<T: BinaryFloatingPoint>(_ u: [T]) -> (v: [T], beta: T, alpha: T)? {
  let scale = u.reduce(T(0)) { Swift.max($0, Swift.abs($1)) }
  guard scale > 0 else { return nil }
  let norm = scale * u.reduce(T(0)) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
  let alpha = u[0] >= 0 ? -norm : norm
  var v = u
  v[0] -= alpha
  let vv = v.reduce(T(0)) { $0 + $1 * $1 }
  guard vv > 0 else { return nil }
  return (v, 2 / vv, alpha)
}

/// Reduces the n × n matrix to upper Hessenberg form in place, H = QᵀAQ: for each column
/// k, a reflection of rows and columns k+1..n−1 zeroes the entries below h_{k+1,k}.
func reduceToHessenberg<T: BinaryFloatingPoint>(_ h: inout [T], _ n: Int) {
  guard n > 2 else { return }
  for k in 0..<(n - 2) {
    let u = ((k + 1)..<n).map { h[$0 * n + k] }
    guard u.dropFirst().contains(where: { $0 != 0 }), let (v, beta, alpha) = householder(u)
    else { continue }
    // From the left, P·H on rows k+1..n−1 (columns before k are already zero there).
    for j in k..<n {
      var dot: T = 0
      for i in 0..<v.count { dot += v[i] * h[(k + 1 + i) * n + j] }
      let s = beta * dot
      for i in 0..<v.count { h[(k + 1 + i) * n + j] -= s * v[i] }
    }
    // From the right, H·P on columns k+1..n−1 of every row.
    for i in 0..<n {
      var dot: T = 0
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
func hessenbergEigenvalues<T: BinaryFloatingPoint>(_ h: inout [T], _ n: Int) throws -> (
  real: [T], imag: [T]
) {
  var re = [T](repeating: 0, count: n)
  var im = [T](repeating: 0, count: n)
  var hi = n - 1
  var sinceDeflation = 0
  var total = 0
  while hi >= 0 {
    // l: where the unreduced block ending at hi starts; a negligible subdiagonal entry is
    // set to 0, which splits the matrix there.
    var l = hi
    while l > 0 && !negligibleSubdiagonal(h, n, l, hi) { l -= 1 }
    if l > 0 { h[l * n + l - 1] = 0 }
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
    let (s, t) = shifts(h, n, l, hi, step: sinceDeflation)
    francisStep(&h, n, l, hi, s, t)
  }
  return (re, im)
}

/// Whether h_{k,k−1} is negligible: below rounding level next to its neighbours.
///
/// First |h_{k,k−1}| ≤ ε(|h_{k−1,k−1}| + |h_{kk}|); then, since setting it to 0 perturbs
/// the eigenvalues of the 2 × 2 block [[a, b], [c, d]] around it by about |bc| / |a − d|,
/// the product of the off-diagonal pair is compared with the diagonal's size and spread
/// (the test of Ahues and Tisseur), which deflates later, and more accurately, when the
/// block's eigenvalues are close.
func negligibleSubdiagonal<T: BinaryFloatingPoint>(_ h: [T], _ n: Int, _ k: Int, _ hi: Int) -> Bool
{
  let eps = T.ulpOfOne
  let tiny = T.leastNormalMagnitude * (T(n) / eps)
  let c = Swift.abs(h[k * n + k - 1])
  if c <= tiny { return true }
  var neighbours = Swift.abs(h[(k - 1) * n + k - 1]) + Swift.abs(h[k * n + k])
  if neighbours == 0 {
    // Both diagonal neighbours are 0: compare with the next entries along the subdiagonal.
    if k - 2 >= 0 { neighbours += Swift.abs(h[(k - 1) * n + k - 2]) }
    if k + 1 <= hi { neighbours += Swift.abs(h[(k + 1) * n + k]) }
  }
  guard c <= eps * neighbours else { return false }
  let b = Swift.abs(h[(k - 1) * n + k])
  let (offLarge, offSmall) = (Swift.max(c, b), Swift.min(c, b))
  let a = Swift.abs(h[k * n + k])
  let spread = Swift.abs(h[(k - 1) * n + k - 1] - h[k * n + k])
  let (diagLarge, diagSmall) = (Swift.max(a, spread), Swift.min(a, spread))
  let scale = diagLarge + offLarge
  return offSmall * (offLarge / scale) <= Swift.max(tiny, eps * (diagSmall * (diagLarge / scale)))
}

/// The two shifts of a double step on the block l...hi, as their sum s and product t.
///
/// Normally the eigenvalues of the trailing 2 × 2 block: a complex pair x ± iy gives
/// s = 2x, t = x² + y²; of two real eigenvalues the one closer to h_{hi,hi} is used twice
/// (s = 2σ, t = σ²). After 10 and after 20 steps without a deflation the shifts come from a
/// made-up block of the size of a subdiagonal entry instead, which breaks the cycles that
/// the usual shifts can fall into.
func shifts<T: BinaryFloatingPoint>(_ h: [T], _ n: Int, _ l: Int, _ hi: Int, step: Int) -> (T, T) {
  var (h11, h12, h21, h22) = (
    h[(hi - 1) * n + hi - 1], h[(hi - 1) * n + hi], h[hi * n + hi - 1], h[hi * n + hi]
  )
  if step == 10 || step == 20 {
    let e =
      step == 10
      ? 0.75 * Swift.abs(h[(l + 1) * n + l]) - 0.4375 * Swift.abs(h[(l + 2) * n + l + 1])
      : Swift.abs(h[hi * n + hi - 1]) + Swift.abs(h[(hi - 1) * n + hi - 2])
    h11 = 0.75 * e + (step == 10 ? h[l * n + l] : h[hi * n + hi])
    h12 = -0.4375 * e
    h21 = e
    h22 = h11
  }
  let size = Swift.abs(h11) + Swift.abs(h12) + Swift.abs(h21) + Swift.abs(h22)
  guard size > 0 else { return (0, 0) }
  // Eigenvalues of the block scaled by 1/size: mean m ± √(−det(B − mI)).
  let (a, b, c, d) = (h11 / size, h12 / size, h21 / size, h22 / size)
  let mean = 0.5 * (a + d)
  let det = (a - mean) * (d - mean) - b * c
  let root = Swift.abs(det).squareRoot()
  if det >= 0 {
    // A complex pair mean ± i·root.
    return (2 * mean * size, (mean * mean + root * root) * size * size)
  }
  let (r1, r2) = (mean + root, mean - root)
  let closer = Swift.abs(r1 - d) <= Swift.abs(r2 - d) ? r1 : r2
  return (2 * closer * size, closer * closer * size * size)
}

/// The eigenvalues of [[a, b], [c, d]]: with p = (a − d)/2, λ = d + p ± √(p² + bc).
///
/// Real pair (p² + bc ≥ 0): z = p + sign(p)·√(p² + bc) adds two numbers of one sign, then
/// λ₁ = d + z and λ₂ = d − bc/z (since z·(p − sign(p)√…) = p² − (p² + bc) = −bc), which
/// avoids cancellation; p² + bc is formed scaled by 1/max(|p|, |b|, |c|) against overflow.
/// A triangular block gives its diagonal: (a, d) when c = 0, (d, a) when b = 0 (the order
/// of its Schur form, rows swapped). Complex pair: (d + p) ± i√(−(p² + bc)), the positive
/// imaginary part first; with equal diagonal entries (p = 0) that is √|b|·√|c|.
func blockEigenvalues<T: BinaryFloatingPoint>(_ a: T, _ b: T, _ c: T, _ d: T) -> (T, T, T, T) {
  if c == 0 { return (a, 0, d, 0) }
  if b == 0 { return (d, 0, a, 0) }
  let p = 0.5 * (a - d)
  let offLarge = Swift.max(Swift.abs(b), Swift.abs(c))
  // bc = offLarge · offSmall, the sign carried by offSmall.
  let offSmall = Swift.min(Swift.abs(b), Swift.abs(c)) * (b.sign == c.sign ? 1 : -1 as T)
  let scale = Swift.max(Swift.abs(p), offLarge)
  let scaled = (p / scale) * p + (offLarge / scale) * offSmall  // (p² + bc) / scale
  if scaled >= 0 {
    let z = p + (p.sign == .minus ? -1 : 1 as T) * scale.squareRoot() * scaled.squareRoot()
    if z == 0 { return (d, 0, d, 0) }
    return (d + z, 0, d - (offLarge / z) * offSmall, 0)
  }
  let mean = d + p
  let width =
    p == 0
    ? Swift.abs(b).squareRoot() * Swift.abs(c).squareRoot()
    : scale.squareRoot() * (-scaled).squareRoot()
  return (mean, width, mean, -width)
}

/// One Francis double-shift QR step on rows and columns l...hi of the Hessenberg matrix
/// (the unreduced block; updates outside it would only change the Schur vectors).
/// - Parameters:
///   - s: the sum of the two shifts.
///   - t: their product.
func francisStep<T: BinaryFloatingPoint>(
  _ h: inout [T], _ n: Int, _ l: Int, _ hi: Int, _ s: T, _ t: T
) {
  @inline(__always) func at(_ i: Int, _ j: Int) -> T { h[i * n + j] }
  // The first column of H² − sH + tI for the block starting at row m: three non-zeros.
  func firstColumn(_ m: Int) -> (T, T, T) {
    let (a, b, c) = (at(m, m), at(m, m + 1), at(m + 1, m))
    let x: T = a * a + b * c - s * a + t
    let y: T = c * (a + at(m + 1, m + 1) - s)
    let z: T = c * at(m + 2, m + 1)
    return (x, y, z)
  }
  // Where the step may start: at a row m > l whose h_{m,m−1} is small enough that the
  // entries the first reflection would put below it, h_{m,m−1}·(y, z)/x in size, are
  // negligible; the step then works on m...hi only (two small subdiagonal entries in a
  // row make the block nearly split there).
  var start = l
  var (x, y, z) = firstColumn(l)
  for m in stride(from: hi - 2, to: l, by: -1) {
    let (xm, ym, zm) = firstColumn(m)
    let below = Swift.abs(at(m, m - 1)) * (Swift.abs(ym) + Swift.abs(zm))
    let level =
      T.ulpOfOne * Swift.abs(xm)
      * (Swift.abs(at(m - 1, m - 1)) + Swift.abs(at(m, m)) + Swift.abs(at(m + 1, m + 1)))
    if below <= level {
      start = m
      (x, y, z) = (xm, ym, zm)
      break
    }
  }
  for k in start...(hi - 1) {
    // The reflection acts on rows / columns k..last: three of them, two at the bottom.
    let last = Swift.min(k + 2, hi)
    let u = last == k + 2 ? [x, y, z] : [x, y]
    if let (v, beta, alpha) = householder(u) {
      // From the left, on rows k..last, columns from k to hi (column k−1 below).
      for j in k...hi {
        var dot: T = 0
        for i in 0..<v.count { dot += v[i] * h[(k + i) * n + j] }
        let f = beta * dot
        for i in 0..<v.count { h[(k + i) * n + j] -= f * v[i] }
      }
      if k > start {
        // The bulge's column k−1 becomes αe₁.
        h[k * n + k - 1] = alpha
        for i in (k + 1)...last { h[i * n + k - 1] = 0 }
      } else if k > l {
        // Column k−1 holds only h_{k,k−1}, which the reflection scales by its (1, 1)
        // entry 1 − βv₀²; what it would put below is negligible, by the choice of start.
        h[k * n + k - 1] *= 1 - beta * v[0] * v[0]
      }
      // From the right, on columns k..last, rows l to one below the bulge.
      for i in l...Swift.min(k + 3, hi) {
        var dot: T = 0
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
