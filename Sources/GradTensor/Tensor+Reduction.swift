// Reductions: sum, mean, max, min, argmax, norm — along dimensions or over everything.

extension Tensor {
  /// Normalises and de-duplicates reduction dimensions (empty means all).
  func reductionDims(_ dims: [Int]?, _ op: String) throws -> [Int] {
    guard let dims, !dims.isEmpty else { return Array(0..<ndim) }
    let d = try dims.map { try dimension($0, op) }
    guard Set(d).count == d.count else {
      throw TensorError(.invalidArgument, "\(op): dim appears multiple times in the list of dims")
    }
    return d.sorted()
  }

  /// Shape after reducing `dims`.
  func reducedShape(_ dims: [Int], keepdim: Bool) -> [Int] {
    var out: [Int] = []
    for d in 0..<ndim {
      if dims.contains(d) {
        if keepdim { out.append(1) }
      } else {
        out.append(shape[d])
      }
    }
    return out
  }

  /// This tensor's data laid out as contiguous rows of `inner` elements, one row per output
  /// element: the reduced dimensions moved last. Copies only when needed.
  func rowsForReduction(_ dims: [Int]) throws -> (Tensor, outer: Int, inner: Int) {
    let kept = (0..<ndim).filter { !dims.contains($0) }
    let inner = dims.reduce(1) { $0 * shape[$1] }
    let outer = kept.reduce(1) { $0 * shape[$1] }
    let moved = permutedRaw(kept + dims)
    let rows = moved.isContiguous ? moved : try moved.copyData(to: dtype)
    return (rows, outer, inner)
  }

  /// A permuted view without autograd.
  func permutedRaw(_ dims: [Int]) -> Tensor {
    Tensor(
      storage: storage, shape: dims.map { shape[$0] }, strides: dims.map { strides[$0] },
      offset: storageOffset)
  }

  // MARK: Sum and mean

  /// Σ over `dims` (all dimensions when nil), keeping them as size 1 if `keepdim`.
  public func sum(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
    let d = try reductionDims(dims, "sum")
    let outShape = reducedShape(d, keepdim: keepdim)
    let out: Tensor
    switch dtype {
    case .float32: out = try sumTyped(d, outShape, Float.self)
    case .float64: out = try sumTyped(d, outShape, Double.self)
    case .int64: out = try sumTyped(d, outShape, Int64.self)
    case .bool: out = try copyData(to: .int64).sumTyped(d, outShape, Int64.self)
    }
    return try record(out, .sum(inputShape: shape, dims: d, keepdim: keepdim), [self])
  }

  /// Σ along one dimension.
  public func sum(dim: Int, keepdim: Bool = false) throws -> Tensor {
    try sum(dims: [dim], keepdim: keepdim)
  }

  private func sumTyped<T: NumericElement>(_ dims: [Int], _ outShape: [Int], _: T.Type) throws
    -> Tensor
  {
    let out = try Tensor(empty: outShape, dtype: T.dtype, zeroed: true)
    let dst = out.storage.typed(T.self)
    // Reducing leading dimensions of a contiguous tensor (a bias gradient, Σ over the batch):
    // accumulate whole rows, reading memory in order.
    let leading = dims == Array(0..<dims.count)
    if leading && isContiguous && !dims.isEmpty && dims.count < ndim {
      let src = storage.typed(T.self) + storageOffset
      let rows = dims.reduce(1) { $0 * shape[$1] }
      let width = out.count
      for r in 0..<rows {
        let row = src + r * width
        for j in 0..<width { dst[j] = T.add(dst[j], row[j]) }
      }
      return out
    }
    let (rows, outer, inner) = try rowsForReduction(dims)
    let src = rows.storage.typed(T.self) + rows.storageOffset
    for o in 0..<outer { dst[o] = sumRow(src + o * inner, inner) }
    return out
  }

  /// The mean over `dims` (all when nil). Integer tensors are an error, as in PyTorch.
  public func mean(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
    guard dtype.isFloatingPoint else {
      throw TensorError(
        .dtypeMismatch,
        "mean(): could not infer output dtype: input dtype must be floating point, got "
          + "\(dtype.torchName); convert with .float() first")
    }
    let d = try reductionDims(dims, "mean")
    let n = d.reduce(1) { $0 * shape[$1] }
    // mean = Σx / n
    let out = try noGrad { try sum(dims: d, keepdim: keepdim) / Double(n) }
    return try record(
      out, .mean(inputShape: shape, dims: d, keepdim: keepdim, count: n), [self])
  }

  /// The mean along one dimension.
  public func mean(dim: Int, keepdim: Bool = false) throws -> Tensor {
    try mean(dims: [dim], keepdim: keepdim)
  }

  // MARK: Max, min, argmax

  /// The largest element along `dim`, and where it is (int64 indices); NaN wins.
  public func max(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
    try selectAlong(dim: dim, keepdim: keepdim, largest: true)
  }

  /// The smallest element along `dim`, and where it is.
  public func min(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
    try selectAlong(dim: dim, keepdim: keepdim, largest: false)
  }

  /// The largest element of the tensor (0-d).
  public func max() throws -> Tensor { try selectAll(largest: true) }
  /// The smallest element of the tensor (0-d).
  public func min() throws -> Tensor { try selectAll(largest: false) }

  /// Index of the largest element along `dim`, or in the flattened tensor when nil.
  public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
    guard let dim else {
      let flat = try detach().reshape([-1])
      return try flat.selectAlong(dim: 0, keepdim: false, largest: true).indices
    }
    return try detach().selectAlong(dim: dim, keepdim: keepdim, largest: true).indices
  }

  /// Index of the smallest element along `dim`, or in the flattened tensor when nil.
  public func argmin(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
    guard let dim else {
      let flat = try detach().reshape([-1])
      return try flat.selectAlong(dim: 0, keepdim: false, largest: false).indices
    }
    return try detach().selectAlong(dim: dim, keepdim: keepdim, largest: false).indices
  }

  private func selectAlong(dim: Int, keepdim: Bool, largest: Bool) throws -> (
    values: Tensor, indices: Tensor
  ) {
    let d = try dimension(dim, largest ? "max" : "min")
    let size = ndim == 0 ? 1 : shape[d]
    guard size > 0 else {
      throw TensorError(
        .invalidArgument,
        "\(largest ? "max" : "min")(): cannot reduce over a dimension of size 0")
    }
    let dims = ndim == 0 ? [] : [d]
    let outShape = reducedShape(dims, keepdim: keepdim)
    let values: Tensor
    let indices = try Tensor(empty: outShape, dtype: .int64)
    switch dtype {
    case .float32: values = try selectTyped(dims, outShape, indices, largest, Float.self)
    case .float64: values = try selectTyped(dims, outShape, indices, largest, Double.self)
    case .int64: values = try selectTyped(dims, outShape, indices, largest, Int64.self)
    case .bool:
      values = try copyData(to: .int64).selectTyped(dims, outShape, indices, largest, Int64.self)
        .copyData(to: .bool)
    }
    let rule = BackwardRule.reduceSelect(
      inputShape: shape, dim: d, keepdim: keepdim, indices: indices, largest: largest)
    return (try record(values, rule, [self]), indices)
  }

  private func selectTyped<T: NumericElement>(
    _ dims: [Int], _ outShape: [Int], _ indices: Tensor, _ largest: Bool, _: T.Type
  ) throws -> Tensor {
    let out = try Tensor(empty: outShape, dtype: T.dtype)
    let (rows, outer, inner) = try rowsForReduction(dims)
    let src = rows.storage.typed(T.self) + rows.storageOffset
    let dst = out.storage.typed(T.self)
    let idx = indices.storage.typed(Int64.self)
    for o in 0..<outer {
      let row = src + o * inner
      var best = row[0]
      var at = 0
      if !best.isNaNElement {
        for j in 1..<Swift.max(inner, 1) {
          let v = row[j]
          if v.isNaNElement {
            best = v
            at = j
            break
          }
          if largest ? v > best : v < best {
            best = v
            at = j
          }
        }
      }
      dst[o] = best
      idx[o] = Int64(at)
    }
    return out
  }

  private func selectAll(largest: Bool) throws -> Tensor {
    guard count > 0 else {
      throw TensorError(
        .invalidArgument,
        "\(largest ? "max" : "min")(): expected a non-empty tensor (reduction over all "
          + "elements has no identity)")
    }
    let flat = try detach().reshape([-1])
    let (values, _) = try flat.selectAlong(dim: 0, keepdim: false, largest: largest)
    return try record(values.detach(), .reduceAll(self, out: values, largest: largest), [self])
  }

  // MARK: Norm

  /// The Euclidean (p = 2) norm over `dims` (all when nil): ‖x‖ = √(Σ x²).
  public func norm(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
    try (self * self).sum(dims: dims, keepdim: keepdim).sqrt()
  }
}

/// Σ of `n` contiguous elements, with four running partial sums: fewer rounding errors than
/// one accumulator and independent additions the processor can overlap.
@inline(__always)
func sumRow<T: NumericElement>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> T {
  var a0 = T.zeroValue
  var a1 = T.zeroValue
  var a2 = T.zeroValue
  var a3 = T.zeroValue
  var i = 0
  while i + 4 <= n {
    a0 = T.add(a0, p[i])
    a1 = T.add(a1, p[i + 1])
    a2 = T.add(a2, p[i + 2])
    a3 = T.add(a3, p[i + 3])
    i += 4
  }
  while i < n {
    a0 = T.add(a0, p[i])
    i += 1
  }
  return T.add(T.add(a0, a1), T.add(a2, a3))
}

// MARK: - All and any

extension Tensor {
  /// True where every element over `dims` (all when nil) is non-zero; a bool tensor.
  public func all(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
    let (counts, n) = try nonZeroCounts(dims, keepdim, "all")
    // all(x) ⇔ #(x ≠ 0) = n   (an empty reduction is vacuously true)
    return try counts.eq(counts.scalarOperand(Double(n)))
  }

  /// True where some element over `dims` (all when nil) is non-zero; a bool tensor.
  public func any(dims: [Int]? = nil, keepdim: Bool = false) throws -> Tensor {
    let (counts, _) = try nonZeroCounts(dims, keepdim, "any")
    // any(x) ⇔ #(x ≠ 0) > 0
    return try counts.gt(counts.scalarOperand(0))
  }

  /// How many elements over `dims` are non-zero (NaN counts as non-zero), and how many
  /// elements each count looked at.
  private func nonZeroCounts(_ dims: [Int]?, _ keepdim: Bool, _ op: String) throws -> (
    Tensor, Int
  ) {
    let d = try reductionDims(dims, op)
    let n = d.reduce(1) { $0 * shape[$1] }
    let flags = try detach().copyData(to: .bool).copyData(to: .int64)
    return (try flags.sum(dims: d, keepdim: keepdim), n)
  }
}

// MARK: - Product

extension Tensor {
  /// Π of the elements (over one dimension when `dim` is given). Integer and bool tensors give
  /// int64, as in PyTorch.
  ///
  /// The derivative of a product by one factor is the product of all the others,
  ///
  /// ```
  /// ∂/∂x_j Π_i x_i = Π_{i<j} x_i · Π_{i>j} x_i
  /// ```
  ///
  /// which the backward pass computes from prefix and suffix products, never by dividing by
  /// x_j: a zero factor gets the product of the rest, the others get 0.
  public func prod(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
    let d = try dim.map { try [dimension($0, "prod")] } ?? reductionDims(nil, "prod")
    let keep = dim == nil ? false : keepdim
    let outShape = reducedShape(d, keepdim: keep)
    let out: Tensor
    switch dtype {
    case .float32: out = try prodTyped(d, outShape, Float.self)
    case .float64: out = try prodTyped(d, outShape, Double.self)
    case .int64: out = try prodTyped(d, outShape, Int64.self)
    case .bool: out = try copyData(to: .int64).prodTyped(d, outShape, Int64.self)
    }
    return try record(out, .prod(self, dims: d, keepdim: keep, whole: dim == nil), [self])
  }

  private func prodTyped<T: NumericElement>(_ dims: [Int], _ outShape: [Int], _: T.Type) throws
    -> Tensor
  {
    let out = try Tensor(empty: outShape, dtype: T.dtype)
    let dst = out.storage.typed(T.self)
    let (rows, outer, inner) = try rowsForReduction(dims)
    let src = rows.storage.typed(T.self) + rows.storageOffset
    for o in 0..<outer {
      var product = T.oneValue
      for j in 0..<inner { product = T.multiply(product, src[o * inner + j]) }
      dst[o] = product
    }
    return out
  }

  /// For every element, the product of the other elements of its row over `dims`:
  /// `E_j = Π_{i<j} x_i · Π_{i>j} x_i` (a float tensor shaped like self).
  func productsOfOthers(_ dims: [Int]) throws -> Tensor {
    let (rows, outer, inner) = try rowsForReduction(dims)
    let moved = try Tensor(empty: rows.shape, dtype: dtype)
    func fill<T: NumericElement>(_: T.Type) {
      let src = rows.storage.typed(T.self) + rows.storageOffset
      let dst = moved.storage.typed(T.self)
      for o in 0..<outer {
        let row = src + o * inner
        let result = dst + o * inner
        // Left to right, result_j = Π_{i<j}; then right to left, times Π_{i>j}.
        var left = T.oneValue
        for j in 0..<inner {
          result[j] = left
          left = T.multiply(left, row[j])
        }
        var right = T.oneValue
        for j in stride(from: inner - 1, through: 0, by: -1) {
          result[j] = T.multiply(result[j], right)
          right = T.multiply(right, row[j])
        }
      }
    }
    if dtype == .float32 { fill(Float.self) } else { fill(Double.self) }
    return try moved.restoredFromReductionRows(dims)
  }

  /// The inverse of `rowsForReduction`: a contiguous tensor laid out with `dims` last, put
  /// back in this layout order (a contiguous copy).
  func restoredFromReductionRows(_ dims: [Int]) throws -> Tensor {
    let kept = (0..<ndim).filter { !dims.contains($0) }
    let order = kept + dims
    var inverse = [Int](repeating: 0, count: order.count)
    for (i, d) in order.enumerated() { inverse[d] = i }
    return try permutedRaw(inverse).copyData(to: dtype)
  }
}

// MARK: - Cumulative sum

extension Tensor {
  /// Running sums along `dim`: `out_i = Σ_{j ≤ i} x_j`. Integer and bool tensors give int64.
  ///
  /// Each x_j reaches every out_i with i ≥ j, so the gradient is the running sum of g taken
  /// from the other end: `∂x_j = Σ_{i ≥ j} g_i`.
  public func cumsum(dim: Int) throws -> Tensor {
    let d = try dimension(dim, "cumsum")
    let source = dtype.isFloatingPoint ? self : try copyData(to: .int64)
    let out = try source.runningSum(dim: d, reverse: false)
    return try record(out, .cumsum(dim: d), [self])
  }

  /// Running sums along `d` from the start (or, with `reverse`, from the end), no autograd.
  func runningSum(dim d: Int, reverse: Bool) throws -> Tensor {
    let (rows, outer, inner) = try rowsForReduction([d])
    let moved = try Tensor(empty: rows.shape, dtype: dtype)
    func scan<T: NumericElement>(_: T.Type) {
      let src = rows.storage.typed(T.self) + rows.storageOffset
      let dst = moved.storage.typed(T.self)
      for o in 0..<outer {
        var total = T.zeroValue
        for step in 0..<inner {
          let j = o * inner + (reverse ? inner - 1 - step : step)
          total = T.add(total, src[j])
          dst[j] = total
        }
      }
    }
    switch dtype {
    case .float32: scan(Float.self)
    case .float64: scan(Double.self)
    default: scan(Int64.self)
    }
    return try moved.restoredFromReductionRows([d])
  }
}

// MARK: - Variance and standard deviation

extension Tensor {
  /// The variance over `dims` (all when nil), with Bessel's correction by default:
  ///
  /// ```
  /// var(x) = Σ (x_i − x̄)² / (N − correction)      ∂x_i = g · 2 (x_i − x̄) / (N − correction)
  /// ```
  ///
  /// (the x̄ term of the derivative vanishes, as Σ (x_i − x̄) = 0). `correction: 0` is the
  /// population variance (`unbiased=False`).
  public func variance(dims: [Int]? = nil, correction: Double = 1, keepdim: Bool = false)
    throws -> Tensor
  {
    let (out, centred, d, divisor) = try varianceParts(dims, correction, keepdim, "var")
    return try record(
      out, .variance(centred: centred, dims: d, keepdim: keepdim, divisor: divisor), [self])
  }

  /// The standard deviation √var over `dims` (all when nil), unbiased by default:
  ///
  /// ```
  /// std(x) = √var(x)      ∂x_i = g · (x_i − x̄) / ((N − correction) · std(x))
  /// ```
  public func std(dims: [Int]? = nil, correction: Double = 1, keepdim: Bool = false) throws
    -> Tensor
  {
    let (v, centred, d, divisor) = try varianceParts(dims, correction, keepdim, "std")
    let out = try noGrad { try v.sqrt() }
    return try record(
      out,
      .standardDeviation(
        centred: centred, out: out.detach(), dims: d, keepdim: keepdim, divisor: divisor),
      [self])
  }

  /// var(x) (untracked), x − x̄, the reduced dims and the divisor N − correction (≥ 0; a
  /// divisor of 0 gives inf or nan, as in PyTorch).
  private func varianceParts(_ dims: [Int]?, _ correction: Double, _ keepdim: Bool, _ op: String)
    throws -> (Tensor, Tensor, [Int], Double)
  {
    guard dtype.isFloatingPoint else {
      throw TensorError(
        .dtypeMismatch, "std and var only support floating point and complex dtypes")
    }
    let d = try reductionDims(dims, op)
    let n = d.reduce(1) { $0 * shape[$1] }
    let divisor = Swift.max(Double(n) - correction, 0)
    return try noGrad {
      let x = detach()
      let centred = try x - x.sum(dims: d, keepdim: true) / Double(n)
      let v = try (centred * centred).sum(dims: d, keepdim: keepdim) / divisor
      return (v, centred, d, divisor)
    }
  }
}
