// Matrix products with PyTorch's rules, through BLAS; plus the naive reference kernel.
//
// Shape key: n rows of the left operand, k the contracted size, m columns of the right.

extension Tensor {
  /// Matrix product with `torch.matmul`'s rules:
  ///
  /// ```
  /// (k) · (k)           → ()          dot product
  /// (n, k) · (k, m)     → (n, m)
  /// (k) · (k, m)        → (m)         vector treated as a 1 × k row
  /// (n, k) · (k)        → (n)         vector treated as a k × 1 column
  /// (…, n, k) · (…, k, m) → (…, n, m) batch dimensions broadcast
  /// ```
  public func matmul(_ other: Tensor) throws -> Tensor {
    guard ndim >= 1 && other.ndim >= 1 else {
      throw TensorError(
        .shapeMismatch,
        "matmul: both arguments need at least 1 dimension (got \(ndim)D and \(other.ndim)D)")
    }
    if ndim == 1 && other.ndim == 1 {
      guard shape[0] == other.shape[0] else {
        throw TensorError(
          .shapeMismatch,
          "matmul: 1D tensors expected of the same size, got \(shape[0]) and \(other.shape[0])")
      }
      return try unsqueeze(0).matmul(other.unsqueeze(1)).reshape([])
    }
    if ndim == 1 { return try unsqueeze(0).matmul(other).squeeze(-2) }
    if other.ndim == 1 { return try matmul(other.unsqueeze(1)).squeeze(-1) }
    let out = try batchedProduct(self, other)
    return try record(out, .matmul(self, other), [self, other])
  }

  /// `torch.mm`: strictly 2-D × 2-D.
  public func mm(_ other: Tensor) throws -> Tensor {
    guard ndim == 2 && other.ndim == 2 else {
      throw TensorError(
        .shapeMismatch,
        "mm: expected 2-D tensors, got shapes \(shapeString(shape)) and "
          + "\(shapeString(other.shape))")
    }
    return try matmul(other)
  }

  /// `torch.bmm`: a batch of matrix products, (B, n, k) · (B, k, m) → (B, n, m), with no
  /// broadcasting of the batch.
  public func bmm(_ other: Tensor) throws -> Tensor {
    guard ndim == 3 else { throw TensorError(.shapeMismatch, "batch1 must be a 3D tensor") }
    guard other.ndim == 3 else { throw TensorError(.shapeMismatch, "batch2 must be a 3D tensor") }
    guard other.shape[0] == shape[0] && other.shape[1] == shape[2] else {
      throw TensorError(
        .shapeMismatch,
        "Expected size for first two dimensions of batch2 tensor to be: [\(shape[0]), "
          + "\(shape[2])] but got: [\(other.shape[0]), \(other.shape[1])].")
    }
    guard dtype == other.dtype else {
      // PyTorch names the scalar types as its C++ does.
      func scalarName(_ d: DType) -> String {
        switch d {
        case .float32: "Float"
        case .float64: "Double"
        case .int64: "Long"
        case .bool: "Bool"
        }
      }
      throw TensorError(
        .dtypeMismatch,
        "expected scalar type \(scalarName(dtype)) but found \(scalarName(other.dtype))")
    }
    let out = try noGrad { try matmul(other) }
    return try record(out, .bmm(self, other), [self, other])
  }
}

/// How BLAS should read one matrix from a strided view, if it can without copying.
private struct MatrixLayout {
  let transposed: Bool
  let leading: Int

  /// Row-major with unit column stride → as is; unit row stride → as the transpose of a
  /// row-major matrix. Anything else needs a copy.
  init?(rows: Int, cols: Int, rowStride: Int, colStride: Int) {
    if colStride == 1 || cols == 1, rowStride >= Swift.max(cols, 1) || rows == 1 {
      transposed = false
      leading = Swift.max(rows == 1 ? cols : rowStride, 1)
    } else if rowStride == 1 || rows == 1, colStride >= Swift.max(rows, 1) || cols == 1 {
      transposed = true
      leading = Swift.max(cols == 1 ? rows : colStride, 1)
    } else {
      return nil
    }
    if leading > Int(Int32.max) { return nil }
  }
}

/// (…, n, k) · (…, k, m) with broadcast batch dimensions, without autograd.
func batchedProduct(_ a: Tensor, _ b: Tensor) throws -> Tensor {
  let n = a.shape[a.ndim - 2]
  let k = a.shape[a.ndim - 1]
  let k2 = b.shape[b.ndim - 2]
  let m = b.shape[b.ndim - 1]
  guard k == k2 else {
    throw TensorError.matmulShapes(a.shape, b.shape)
  }
  guard a.dtype == b.dtype else {
    throw TensorError(
      .dtypeMismatch,
      "matmul: expected both operands to have the same dtype, got \(a.dtype.torchName) and "
        + "\(b.dtype.torchName)")
  }
  guard a.dtype.isFloatingPoint else {
    throw TensorError(
      .dtypeMismatch, "matmul: only float32 and float64 are supported (got \(a.dtype.torchName))")
  }
  let limit = Int(Int32.max)
  guard n <= limit, k <= limit, m <= limit else {
    throw TensorError(.invalidArgument, "matmul: a dimension exceeds BLAS's 32-bit size limit")
  }
  let batchA = Array(a.shape.dropLast(2))
  let batchB = Array(b.shape.dropLast(2))
  let batch = try broadcastShapes(batchA, batchB, "matmul")
  let out = try Tensor(empty: batch + [n, m], dtype: a.dtype, zeroed: k == 0)
  if n == 0 || m == 0 || k == 0 { return out }

  // Operands whose matrices BLAS cannot read in place are copied once.
  func usable(_ t: Tensor) throws -> Tensor {
    let r = t.ndim - 2
    let ok = MatrixLayout(
      rows: t.shape[r], cols: t.shape[r + 1], rowStride: t.strides[r], colStride: t.strides[r + 1])
    return ok == nil ? try t.copyData(to: t.dtype) : t
  }
  let x = try usable(a)
  let y = try usable(b)
  let lx = MatrixLayout(
    rows: n, cols: k, rowStride: x.strides[x.ndim - 2], colStride: x.strides[x.ndim - 1])
  let ly = MatrixLayout(
    rows: k, cols: m, rowStride: y.strides[y.ndim - 2], colStride: y.strides[y.ndim - 1])
  guard let lx, let ly else {
    throw TensorError(.invalidArgument, "matmul: internal layout error")
  }
  let batchStridesA = x.broadcastStrides(to: batch + [n, k]).dropLast(2)
  let batchStridesB = y.broadcastStrides(to: batch + [k, m]).dropLast(2)
  let batchCount = batch.reduce(1, *)
  var index = [Int](repeating: 0, count: batch.count)
  for bi in 0..<batchCount {
    var offA = x.storageOffset
    var offB = y.storageOffset
    for (d, i) in index.enumerated() {
      offA += i * batchStridesA[d]
      offB += i * batchStridesB[d]
    }
    let offC = bi * n * m
    func multiply<S: KernelScalar>(_: S.Type) {
      S.gemm(
        transA: lx.transposed, transB: ly.transposed, m: n, n: m, k: k, alpha: 1,
        a: x.storage.typed(S.self) + offA, lda: lx.leading,
        b: y.storage.typed(S.self) + offB, ldb: ly.leading,
        beta: 0, c: out.storage.typed(S.self) + offC, ldc: m)
    }
    if a.dtype == .float32 { multiply(Float.self) } else { multiply(Double.self) }
    var d = batch.count - 1
    while d >= 0 {
      index[d] += 1
      if index[d] < batch[d] { break }
      index[d] = 0
      d -= 1
    }
  }
  return out
}

/// The textbook triple loop, C[i][j] = Σₚ A[i][p] · B[p][j], accumulated in Double: slow and
/// obviously right, kept to check the BLAS path. 2-D operands of any strides and float dtype.
public func naiveMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
  guard a.ndim == 2, b.ndim == 2, a.shape[1] == b.shape[0] else {
    throw TensorError(
      .shapeMismatch,
      "matmul: shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) cannot be multiplied")
  }
  let n = a.shape[0]
  let k = a.shape[1]
  let m = b.shape[1]
  var out = [Double](repeating: 0, count: n * m)
  for i in 0..<n {
    for j in 0..<m {
      var s = 0.0
      for p in 0..<k { s += a.doubleAt(flat: i * k + p) * b.doubleAt(flat: p * m + j) }
      out[i * m + j] = s
    }
  }
  return try Tensor(out, shape: [n, m], dtype: DType.promote(a.dtype, b.dtype))
}
