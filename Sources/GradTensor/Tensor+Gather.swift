// Index-based selection: embedding lookups, index_select, gather, and their scatter-add
// adjoints; one_hot.

extension Tensor {
  /// Checks an index tensor and returns its values, contiguous.
  fileprivate func indexValues(_ index: Tensor, bound: Int, _ op: String) throws -> Tensor {
    guard index.dtype == .int64 else {
      throw TensorError(
        .dtypeMismatch, "\(op): index must be an int64 tensor, got \(index.dtype.torchName)")
    }
    let idx = try index.contiguous()
    let p = idx.storage.typed(Int64.self) + idx.storageOffset
    for i in 0..<idx.count where p[i] < 0 || p[i] >= Int64(bound) {
      throw TensorError(
        .indexOutOfRange, "\(op): index \(p[i]) is out of range for dimension of size \(bound)")
    }
    return idx
  }

  /// Rows of this tensor picked by `index` along `dim` (a copy):
  /// `out[…, i, …] = self[…, index[i], …]`.
  public func indexSelect(dim: Int, index: Tensor) throws -> Tensor {
    let d = try dimension(dim, "index_select")
    guard index.ndim <= 1 else {
      throw TensorError(
        .shapeMismatch, "index_select: index must be 0-d or 1-d, got \(shapeString(index.shape))")
    }
    let idx = try indexValues(index, bound: ndim == 0 ? 1 : shape[d], "index_select")
    let out = try gatherRows(dim: d, idx)
    return try record(out, .indexSelect(inputShape: shape, dim: d, index: idx), [self])
  }

  /// Copies the slices `index[i]` along `d` into a new tensor, slice by slice.
  private func gatherRows(dim d: Int, _ idx: Tensor) throws -> Tensor {
    var outShape = shape
    if ndim > 0 { outShape[d] = idx.count }
    let out = try Tensor(empty: outShape, dtype: dtype)
    let p = idx.storage.typed(Int64.self) + idx.storageOffset
    // Contiguous rows along dimension 0 (the embedding case): one block copy per index.
    if d == 0 && isContiguous && ndim > 0 {
      let width = count / Swift.max(shape[0], 1)
      let bytes = width * dtype.byteSize
      let src = storage.pointer + storageOffset * dtype.byteSize
      for i in 0..<idx.count {
        (out.storage.pointer + i * bytes).copyMemory(
          from: src + Int(p[i]) * bytes, byteCount: bytes)
      }
      return out
    }
    for i in 0..<idx.count {
      let source = try detach().select(dim: d, index: Int(p[i]))
      try out.detach().select(dim: d, index: i).assignElements(from: source)
    }
    return out
  }

  /// `self[index[i]] += source[i]` along `dim`, in place (the adjoint of `indexSelect`).
  public func indexAdd_(dim: Int, index: Tensor, source: Tensor) throws {
    let d = try dimension(dim, "index_add_")
    let idx = try indexValues(index, bound: shape[d], "index_add_")
    var expected = shape
    expected[d] = idx.count
    guard source.shape == expected, source.dtype == dtype else {
      throw TensorError(
        .shapeMismatch,
        "index_add_: source has shape \(shapeString(source.shape)), expected "
          + "\(shapeString(expected)) of \(dtype.torchName)")
    }
    let p = idx.storage.typed(Int64.self) + idx.storageOffset
    if d == 0 && isContiguous && source.isContiguous && dtype.isFloatingPoint {
      let width = count / Swift.max(shape[0], 1)
      if dtype == .float32 {
        addRows(p, idx.count, width, source, Float.self)
      } else {
        addRows(p, idx.count, width, source, Double.self)
      }
      return
    }
    for i in 0..<idx.count {
      try detach().select(dim: d, index: Int(p[i])).add_(source.detach().select(dim: d, index: i))
    }
  }

  private func addRows<T: FloatElement>(
    _ p: UnsafeMutablePointer<Int64>, _ n: Int, _ width: Int, _ source: Tensor, _: T.Type
  ) {
    let dst = storage.typed(T.self) + storageOffset
    let src = source.storage.typed(T.self) + source.storageOffset
    for i in 0..<n {
      let row = dst + Int(p[i]) * width
      let from = src + i * width
      for j in 0..<width { row[j] += from[j] }
    }
  }

  /// Picks along `dim` with an index of the same rank:
  /// `out[i][j] = self[index[i][j]][j]` for dim 0, `self[i][index[i][j]]` for dim 1, …
  public func gather(dim: Int, index: Tensor) throws -> Tensor {
    let d = try dimension(dim, "gather")
    guard index.ndim == ndim else {
      throw TensorError(
        .shapeMismatch,
        "gather: index must have the same number of dimensions as the input (\(ndim)), got "
          + "\(index.ndim)")
    }
    for k in 0..<ndim where k != d && index.shape[k] > shape[k] {
      throw TensorError(
        .shapeMismatch,
        "gather: index shape \(shapeString(index.shape)) is larger than input shape "
          + "\(shapeString(shape)) at dimension \(k)")
    }
    let idx = try indexValues(index, bound: shape[d], "gather")
    let out = try Tensor(empty: idx.shape, dtype: dtype)
    let p = idx.storage.typed(Int64.self) + idx.storageOffset
    let n = idx.count
    let outStrides = contiguousStrides(idx.shape)
    for flat in 0..<n {
      var rest = flat
      var src = storageOffset
      for k in 0..<ndim {
        let coord = rest / outStrides[k]
        rest %= outStrides[k]
        src += (k == d ? Int(p[flat]) : coord) * strides[k]
      }
      out.copyElement(from: self, at: src, to: flat)
    }
    return try record(out, .gather(inputShape: shape, dim: d, index: idx), [self])
  }

  /// `self[index[i][j]][j] += source[i][j]` (for dim 0; likewise for other dims), in place:
  /// the adjoint of `gather`.
  public func scatterAdd_(dim: Int, index: Tensor, source: Tensor) throws {
    let d = try dimension(dim, "scatter_add_")
    guard index.ndim == ndim, source.ndim == ndim, dtype.isFloatingPoint else {
      throw TensorError(
        .shapeMismatch,
        "scatter_add_: index and source must have the same number of dimensions as self")
    }
    let idx = try indexValues(index, bound: shape[d], "scatter_add_")
    let src = try source.to(dtype).contiguous()
    guard src.shape == idx.shape else {
      throw TensorError(
        .shapeMismatch,
        "scatter_add_: source shape \(shapeString(source.shape)) must match index shape "
          + "\(shapeString(index.shape))")
    }
    let p = idx.storage.typed(Int64.self) + idx.storageOffset
    let idxStrides = contiguousStrides(idx.shape)
    for flat in 0..<idx.count {
      var rest = flat
      var dst = storageOffset
      for k in 0..<ndim {
        let coord = rest / idxStrides[k]
        rest %= idxStrides[k]
        guard k == d || coord < shape[k] else {
          throw TensorError(.indexOutOfRange, "scatter_add_: index shape exceeds self's shape")
        }
        dst += (k == d ? Int(p[flat]) : coord) * strides[k]
      }
      if dtype == .float32 {
        storage.typed(Float.self)[dst] += src.storage.typed(Float.self)[src.storageOffset + flat]
      } else {
        storage.typed(Double.self)[dst] += src.storage.typed(Double.self)[src.storageOffset + flat]
      }
    }
  }

  /// Copies one element between tensors of the same dtype (storage index → flat index).
  private func copyElement(from source: Tensor, at sourceIndex: Int, to flat: Int) {
    let b = dtype.byteSize
    (storage.pointer + flat * b).copyMemory(
      from: source.storage.pointer + sourceIndex * b, byteCount: b)
  }
}

/// Looks up rows of an embedding table: `out[…, :] = weight[indices[…], :]`.
///
/// - Parameters:
///   - weight: (V, D) table.
///   - indices: int64 tensor of any shape with values in `0..<V`.
/// - Returns: a tensor of shape `indices.shape + [D]`; its gradient is scatter-added into the
///   rows of `weight`.
public func embedding(_ indices: Tensor, _ weight: Tensor) throws -> Tensor {
  guard weight.ndim == 2 else {
    throw TensorError(
      .shapeMismatch, "embedding: weight must be 2-D (V, D), got \(shapeString(weight.shape))")
  }
  guard indices.dtype == .int64 else { throw TensorError.embeddingIndices(indices.dtype) }
  let flat = try indices.reshape([-1])
  let rows = try noGrad {
    try weight.indexSelect(dim: 0, index: flat).view(indices.shape + [weight.shape[1]])
  }
  return try record(rows, .embedding(weightShape: weight.shape, indices: flat), [weight])
}

/// One-hot encoding of int64 class indices: shape `indices.shape + [numClasses]`, int64.
public func oneHot(_ indices: Tensor, numClasses: Int = -1) throws -> Tensor {
  guard indices.dtype == .int64 else {
    throw TensorError(
      .dtypeMismatch, "one_hot: expected an int64 tensor, got \(indices.dtype.torchName)")
  }
  let values = indices.toInt64Array()
  if values.contains(where: { $0 < 0 }) {
    throw TensorError(.indexOutOfRange, "one_hot: class values must be non-negative")
  }
  let largest = values.max() ?? -1
  guard largest < Int64(Int32.max) else {
    throw TensorError(.indexOutOfRange, "one_hot: class value \(largest) is too large")
  }
  let c = numClasses >= 0 ? numClasses : Int(largest) + 1
  if let big = values.first(where: { $0 >= Int64(c) }) {
    throw TensorError(.indexOutOfRange, "one_hot: class value \(big) is too large for \(c) classes")
  }
  let out = try Tensor.zeros(indices.shape + [c], dtype: .int64)
  let p = out.storage.typed(Int64.self)
  for (i, v) in values.enumerated() { p[i * c + Int(v)] = 1 }
  return out
}
