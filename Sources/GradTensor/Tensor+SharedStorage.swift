// Views over an existing storage and element writes through them: what an array
// library beside the engine needs to share memory with tensors (NumPy's
// `t.numpy()` / `torch.from_numpy(a)`), with its own strides, including
// negative ones for reversed slices.

extension Tensor {
  /// A tensor reading `storage` with the given layout, without copying.
  ///
  /// Every element the layout can reach must lie inside the storage; otherwise the view is
  /// refused. Strides may be negative (a reversed view) or zero (a broadcast view).
  public static func viewing(
    _ storage: TensorStorage, shape: [Int], strides: [Int], offset: Int
  ) throws -> Tensor {
    guard shape.count == strides.count else {
      throw TensorError(.invalidArgument, "a view needs one stride per dimension")
    }
    let n = try checkedCount(shape)
    if n > 0 {
      // The reachable storage indices span [lowest, highest].
      var lowest = offset
      var highest = offset
      for (size, step) in zip(shape, strides) {
        let (reach, overflow) = (size - 1).multipliedReportingOverflow(by: step)
        guard !overflow else { throw TensorError(.invalidArgument, "a view's strides overflow") }
        if reach < 0 { lowest += reach } else { highest += reach }
      }
      guard lowest >= 0, highest < storage.count else {
        throw TensorError(
          .indexOutOfRange, "a view reaches outside its storage of \(storage.count) elements")
      }
    }
    return Tensor(storage: storage, shape: shape, strides: strides, offset: offset)
  }

  /// Writes row-major `values` into this tensor's elements (through its strides), converting
  /// to its dtype as `Tensor(_:shape:dtype:)` does.
  public func setElements(_ values: [Double]) throws {
    try checkElementCount(values.count)
    for (i, v) in values.enumerated() {
      let j = storageIndex(flat: i)
      switch dtype {
      case .float32: storage.typed(Float.self)[j] = Float(v)
      case .float64: storage.typed(Double.self)[j] = v
      case .int64: storage.typed(Int64.self)[j] = Int64(fromDouble: v)
      case .bool: storage.typed(Bool.self)[j] = v != 0
      }
    }
  }

  /// Writes row-major integer `values` into this tensor's elements, exactly for int64.
  public func setElements(_ values: [Int64]) throws {
    guard dtype == .int64 else { return try setElements(values.map { Double($0) }) }
    try checkElementCount(values.count)
    let p = storage.typed(Int64.self)
    for (i, v) in values.enumerated() { p[storageIndex(flat: i)] = v }
  }

  /// Writes row-major truth values into this tensor's elements (1 and 0 for numbers).
  public func setElements(_ values: [Bool]) throws {
    guard dtype == .bool else { return try setElements(values.map { $0 ? 1.0 : 0.0 }) }
    try checkElementCount(values.count)
    let p = storage.typed(Bool.self)
    for (i, v) in values.enumerated() { p[storageIndex(flat: i)] = v }
  }

  /// Writes `values[k]` into the element at row-major position `positions[k]` of this tensor
  /// (converting to its dtype); positions outside the tensor are refused before any write.
  public func setElements(_ values: [Double], atFlat positions: [Int]) throws {
    guard values.count == positions.count else {
      throw TensorError(.shapeMismatch, "\(values.count) values for \(positions.count) positions")
    }
    let n = count
    guard positions.allSatisfy({ $0 >= 0 && $0 < n }) else {
      throw TensorError(.indexOutOfRange, "a position lies outside the tensor of \(n) elements")
    }
    for (v, flat) in zip(values, positions) {
      let j = storageIndex(flat: flat)
      switch dtype {
      case .float32: storage.typed(Float.self)[j] = Float(v)
      case .float64: storage.typed(Double.self)[j] = v
      case .int64: storage.typed(Int64.self)[j] = Int64(fromDouble: v)
      case .bool: storage.typed(Bool.self)[j] = v != 0
      }
    }
  }

  private func checkElementCount(_ n: Int) throws {
    guard n == count else {
      throw TensorError(
        .shapeMismatch,
        "\(n) values cannot fill a tensor of shape \(shapeString(shape)) (\(count) elements)")
    }
  }
}
