// Python-style indices for tensors: x[1], x[-1], x[1:3], x[::2], x[None], x[..., 0].

/// One entry of an index expression, as in `x[0, 1:3, ::2, None, ...]`.
public enum TensorIndex: Equatable, Sendable, ExpressibleByIntegerLiteral {
  /// A single position; removes the dimension. Negative counts from the end.
  case at(Int)
  /// `start:end:step` with Python's rules (missing bounds mean the ends, negatives count from
  /// the end, out-of-range bounds are clamped). The step must be positive.
  case slice(start: Int?, end: Int?, step: Int)
  /// `:` — the whole dimension.
  case all
  /// `None` — inserts a dimension of size 1.
  case newAxis
  /// `...` — as many `:` as needed.
  case ellipsis

  public init(integerLiteral value: Int) { self = .at(value) }

  /// `start:end` with step 1.
  public static func range(_ start: Int?, _ end: Int?, step: Int = 1) -> TensorIndex {
    .slice(start: start, end: end, step: step)
  }
}

extension TensorIndex: CustomStringConvertible {
  public var description: String {
    switch self {
    case .at(let i): return "\(i)"
    case .slice(let start, let end, let step):
      let s = start.map(String.init) ?? ""
      let e = end.map(String.init) ?? ""
      return step == 1 ? "\(s):\(e)" : "\(s):\(e):\(step)"
    case .all: return ":"
    case .newAxis: return "None"
    case .ellipsis: return "..."
    }
  }
}

extension Tensor {
  /// The view selected by an index expression; shares storage with this tensor.
  ///
  /// ```
  /// x[i]        offset += i · stride, dimension removed
  /// x[a:b:s]    offset += a · stride, size = ⌈(b − a) / s⌉, stride *= s
  /// ```
  public func index(_ indices: [TensorIndex]) throws -> Tensor {
    let ellipses = indices.filter { $0 == .ellipsis }.count
    guard ellipses <= 1 else {
      throw TensorError(.invalidArgument, "an index can only have a single ellipsis ('...')")
    }
    let consuming = indices.filter { $0 != .newAxis && $0 != .ellipsis }.count
    guard consuming <= ndim else {
      throw TensorError(
        .indexOutOfRange,
        "too many indices for tensor of dimension \(ndim) (got \(consuming))")
    }
    var expanded: [TensorIndex] = []
    for index in indices {
      if index == .ellipsis {
        expanded += Array(repeating: .all, count: ndim - consuming)
      } else {
        expanded.append(index)
      }
    }
    var newShape: [Int] = []
    var newStrides: [Int] = []
    var offset = storageOffset
    var d = 0
    for index in expanded {
      switch index {
      case .newAxis:
        newShape.append(1)
        newStrides.append(1)
      case .at(let i):
        let size = shape[d]
        guard i >= -size && i < size else {
          throw TensorError(
            .indexOutOfRange,
            "index \(i) is out of bounds for dimension \(d) with size \(size)")
        }
        offset += (i < 0 ? i + size : i) * strides[d]
        d += 1
      case .all:
        newShape.append(shape[d])
        newStrides.append(strides[d])
        d += 1
      case .slice(let start, let end, let step):
        guard step > 0 else {
          throw TensorError(.invalidArgument, "slice step must be positive (got \(step))")
        }
        let size = shape[d]
        func clampBound(_ v: Int?, _ fallback: Int) -> Int {
          guard let v else { return fallback }
          let w = v < 0 ? v + size : v
          return Swift.min(Swift.max(w, 0), size)
        }
        let a = clampBound(start, 0)
        let b = clampBound(end, size)
        let length = b > a ? (b - a - 1) / step + 1 : 0
        if length > 0 { offset += a * strides[d] }
        newShape.append(length)
        // With at most one element the stride is never used; a huge step must not overflow.
        let (scaled, overflow) = strides[d].multipliedReportingOverflow(by: step)
        newStrides.append(length <= 1 || overflow ? strides[d] : scaled)
        d += 1
      case .ellipsis:
        break
      }
    }
    while d < ndim {
      newShape.append(shape[d])
      newStrides.append(strides[d])
      d += 1
    }
    let out = Tensor(storage: storage, shape: newShape, strides: newStrides, offset: offset)
    return recordView(out, .index(inputShape: shape, dtype: dtype, indices: indices), [self])
  }

  /// `x[i, 1:3, ...]` as a Swift subscript (throws on bad indices).
  public subscript(_ indices: TensorIndex...) -> Tensor {
    get throws { try index(indices) }
  }

  /// Copies `value` (broadcast) into the elements selected by `indices`: `x[indices] = value`.
  public func setIndex(_ indices: [TensorIndex], to value: Tensor) throws {
    try index(indices).copy_(value)
  }

  /// Elements `start ..< start + length` along `dim` (a view).
  public func narrow(dim: Int, start: Int, length: Int) throws -> Tensor {
    let d = try dimension(dim, "narrow")
    let size = shape[d]
    let s = start < 0 ? start + size : start
    guard s >= 0, length >= 0, s <= size, length <= size - s else {
      throw TensorError(
        .indexOutOfRange,
        "narrow: start \(start) and length \(length) exceed dimension \(d) of size \(size)")
    }
    var idx = [TensorIndex](repeating: .all, count: d)
    idx.append(.slice(start: s, end: s + length, step: 1))
    return try index(idx)
  }

  /// The slice at `index` along `dim`, with that dimension removed (a view).
  public func select(dim: Int, index i: Int) throws -> Tensor {
    let d = try dimension(dim, "select")
    var idx = [TensorIndex](repeating: .all, count: d)
    idx.append(.at(i))
    return try index(idx)
  }
}
