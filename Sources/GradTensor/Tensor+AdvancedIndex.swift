// Advanced (integer-array) indexing: x[[0, 2]], x[idx], x[:, idx], x[rows, cols].
//
// Every advanced index resolves to a list of flat positions p (row-major positions in x), one
// per output element, so reading, writing and the backward pass are the same three loops:
//
// ```
// read      out[k]  = x.flat[p[k]]
// write     x.flat[p[k]] = v[k]             (v broadcast to the output's shape)
// backward  ∂x.flat[p[k]] += g[k]           (repeated positions accumulate)
// ```
//
// The positions follow PyTorch's (NumPy's) rule. Ints, slices, None and ... act first, as an
// ordinary view; the index tensors, broadcast together to a shape B, then replace the
// dimensions they index. When those dimensions are neighbours, B takes their place
// (x[:, idx] of x (3, 4) and idx (2,) is (3, 2)); when slices separate them, B goes first.

/// One entry of an index expression that may hold integer arrays.
public enum AdvancedIndex {
  /// An int, slice, None or `...`, as in a view.
  case basic(TensorIndex)
  /// An int64 tensor of positions (a list of ints becomes one).
  case tensor(Tensor)
}

extension Tensor {
  /// The elements picked by `indices` (a copy, recorded as `IndexBackward0`).
  ///
  /// ```
  /// x[[2, 0]]              rows 2 and 0
  /// x[rows, cols]          out[k] = x[rows[k], cols[k]]
  /// x[arange(n), target]   the classic pick of one class score per row
  /// ```
  public func index(advanced indices: [AdvancedIndex]) throws -> Tensor {
    let (positions, outShape) = try flatPositions(indices)
    let out = try take(positions, shape: outShape)
    return try record(
      out, .take(inputShape: shape, positions: positions, name: "IndexBackward0"), [self])
  }

  /// Writes `value` (broadcast to the indexed shape) into the picked elements, in place:
  /// `x[indices] = value`. With `accumulate`, repeated positions add up (`index_put_`).
  public func indexPut_(_ indices: [AdvancedIndex], _ value: Tensor, accumulate: Bool = false)
    throws
  {
    try checkInPlace("index_put_")
    let (positions, outShape) = try flatPositions(indices)
    let target = try broadcastShapes(outShape, value.shape, "index_put_")
    guard target == outShape else {
      throw TensorError(
        .shapeMismatch,
        "shape mismatch: value tensor of shape \(shapeString(value.shape)) cannot be broadcast "
          + "to indexing result of shape \(shapeString(outShape))")
    }
    let v = try value.detach().to(dtype).expand(outShape).contiguous()
    let p = positions.storage.typed(Int64.self)
    let n = positions.count
    switch dtype {
    case .float32: putTyped(p, n, v, accumulate, Float.self)
    case .float64: putTyped(p, n, v, accumulate, Double.self)
    case .int64: putTyped(p, n, v, accumulate, Int64.self)
    case .bool:
      let src = v.storage.typed(Bool.self) + v.storageOffset
      let dst = storage.typed(Bool.self)
      for k in 0..<n {
        let i = storageIndex(flat: Int(p[k]))
        dst[i] = accumulate ? (dst[i] || src[k]) : src[k]
      }
    }
  }

  private func putTyped<T: NumericElement>(
    _ p: UnsafeMutablePointer<Int64>, _ n: Int, _ v: Tensor, _ accumulate: Bool, _: T.Type
  ) {
    let src = v.storage.typed(T.self) + v.storageOffset
    let dst = storage.typed(T.self)
    for k in 0..<n {
      let i = storageIndex(flat: Int(p[k]))
      dst[i] = accumulate ? T.add(dst[i], src[k]) : src[k]
    }
  }

  /// A new tensor of `shape` whose k-th element is `self.flat[positions[k]]`.
  func take(_ positions: Tensor, shape outShape: [Int]) throws -> Tensor {
    let out = try Tensor(empty: outShape, dtype: dtype)
    let p = positions.storage.typed(Int64.self)
    let b = dtype.byteSize
    let contiguous = isContiguous
    for k in 0..<positions.count {
      let i = contiguous ? storageOffset + Int(p[k]) : storageIndex(flat: Int(p[k]))
      (out.storage.pointer + k * b).copyMemory(from: storage.pointer + i * b, byteCount: b)
    }
    return out
  }

  /// The row-major positions in this tensor that `indices` picks, in output order, and the
  /// output's shape.
  func flatPositions(_ indices: [AdvancedIndex]) throws -> (positions: Tensor, shape: [Int]) {
    if indices.count == 1, case .tensor(let rows) = indices[0], ndim >= 1, rows.dtype == .int64 {
      return try rowPositions(rows)
    }
    // 1. The basic entries as a view of a virtual contiguous tensor of this shape, whose
    //    "storage index" is then exactly the row-major position. Each index tensor stands
    //    in as `:` and remembers which dimension of that view it indexes.
    let consuming = indices.filter {
      if case .basic(let b) = $0 { return b != .newAxis && b != .ellipsis }
      return true
    }.count
    var basic: [TensorIndex] = []
    var arrays: [(tensor: Tensor, viewDim: Int)] = []
    var viewDim = 0
    for entry in indices {
      switch entry {
      case .tensor(let t):
        arrays.append((t, viewDim))
        basic.append(.all)
        viewDim += 1
      case .basic(.ellipsis):
        let skipped = Swift.max(ndim - consuming, 0)
        basic.append(.ellipsis)
        viewDim += skipped
      case .basic(.newAxis):
        basic.append(.newAxis)
        viewDim += 1
      case .basic(.at(let i)):
        basic.append(.at(i))
      case .basic(let other):
        basic.append(other)
        viewDim += 1
      }
    }
    let virtual = Tensor(
      storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0)
    let view = try virtual.index(basic)

    // 2. The index tensors, checked, wrapped (−1 is the last) and broadcast together.
    var broadcast: [Int] = []
    for a in arrays {
      guard a.tensor.dtype == .int64 else {
        throw TensorError(
          .dtypeMismatch,
          "tensors used as indices must be long, int, byte or bool tensors (got "
            + "\(a.tensor.dtype.torchName))")
      }
      do {
        broadcast = try broadcastShapes(broadcast, a.tensor.shape, "index")
      } catch {
        let shapes = arrays.map {
          "[" + $0.tensor.shape.map(String.init).joined(separator: ", ") + "]"
        }
        throw TensorError(
          .indexOutOfRange,
          "shape mismatch: indexing tensors could not be broadcast together with shapes "
            + shapes.joined(separator: ", "))
      }
    }
    // PyTorch numbers the indexed dimensions among themselves in its messages (x[:, idx]
    // reports dimension 0), as its kernel sees them moved to the front.
    var columns: [[Int]] = []
    for (number, a) in arrays.enumerated() {
      let size = view.shape[a.viewDim]
      let values = try a.tensor.detach().expand(broadcast).contiguous().toInt64Array()
      columns.append(
        try values.map { v in
          guard v >= -Int64(size) && v < Int64(size) else {
            throw TensorError(
              .indexOutOfRange,
              "index \(v) is out of bounds for dimension \(number) with size \(size)")
          }
          return Int(v < 0 ? v + Int64(size) : v)
        })
    }

    // 3. The output's dimensions: B in place of adjacent indexed dimensions, else B first.
    let indexed = arrays.map(\.viewDim)
    let rest = (0..<view.ndim).filter { !indexed.contains($0) }
    let adjacent = indexed.isEmpty || indexed.last.map { $0 - indexed[0] + 1 } == indexed.count
    let before = adjacent ? rest.filter { $0 < (indexed.first ?? 0) } : []
    let after = rest.filter { !before.contains($0) }
    let outShape = before.map { view.shape[$0] } + broadcast + after.map { view.shape[$0] }

    // 4. One position per output element: the view's offset, plus each plain coordinate
    //    times its stride, plus each index tensor's value times the stride it indexes.
    let n = try checkedCount(outShape)
    let positions = try Tensor(empty: [n], dtype: .int64)
    let p = positions.storage.typed(Int64.self)
    let outStrides = contiguousStrides(outShape)
    let broadcastCount = broadcast.reduce(1, *)
    for k in 0..<n {
      var rest = k
      var position = view.storageOffset
      var d = 0
      for v in before {
        position += (rest / outStrides[d]) * view.strides[v]
        rest %= outStrides[d]
        d += 1
      }
      var b = 0
      var bStride = broadcastCount
      for s in broadcast {
        bStride /= Swift.max(s, 1)
        b += (rest / outStrides[d]) * bStride
        rest %= outStrides[d]
        d += 1
      }
      for (j, a) in arrays.enumerated() { position += columns[j][b] * view.strides[a.viewDim] }
      for v in after {
        position += (rest / outStrides[d]) * view.strides[v]
        rest %= outStrides[d]
        d += 1
      }
      p[k] = Int64(position)
    }
    return (positions, outShape)
  }
}

extension Tensor {
  /// `x[rows]`, the embedding lookup `C[X]`: whole rows of w = (elements per row), row r
  /// starting at position r · w, so the positions are r · w + j for j < w.
  fileprivate func rowPositions(_ rows: Tensor) throws -> (positions: Tensor, shape: [Int]) {
    let size = shape[0]
    let width = count / Swift.max(size, 1)
    let values = rows.toInt64Array()
    let outShape = rows.shape + shape.dropFirst()
    let positions = try Tensor(empty: [try checkedCount(outShape)], dtype: .int64)
    let p = positions.storage.typed(Int64.self)
    for (k, v) in values.enumerated() {
      guard v >= -Int64(size) && v < Int64(size) else {
        throw TensorError(
          .indexOutOfRange, "index \(v) is out of bounds for dimension 0 with size \(size)")
      }
      let start = Int(v < 0 ? v + Int64(size) : v) * width
      for j in 0..<width { p[k * width + j] = Int64(start + j) }
    }
    return (positions, outShape)
  }
}

/// ∂x of a pick: zeros with g added at the picked positions (a scatter-add, so an element
/// picked twice gets both gradients).
func scatterAddFlat(_ g: Tensor, positions: Tensor, into shape: [Int]) throws -> Tensor {
  let dx = try Tensor.zeros(shape, dtype: g.dtype)
  let src = try g.contiguous()
  let p = positions.storage.typed(Int64.self)
  let n = positions.count
  if g.dtype == .float32 {
    let from = src.storage.typed(Float.self) + src.storageOffset
    let to = dx.storage.typed(Float.self)
    for k in 0..<n { to[Int(p[k])] += from[k] }
  } else {
    let from = src.storage.typed(Double.self) + src.storageOffset
    let to = dx.storage.typed(Double.self)
    for k in 0..<n { to[Int(p[k])] += from[k] }
  }
  return dx
}
