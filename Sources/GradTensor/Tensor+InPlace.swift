// In-place operations: they write into storage, so every view of it sees the change.

extension Tensor {
  /// Refuses in-place writes that would corrupt autograd: on a leaf that requires grad (outside
  /// `noGrad`) or on a recorded non-leaf.
  func checkInPlace(_ op: String) throws {
    guard requiresGrad && GradMode.isEnabled else { return }
    if isLeaf {
      throw TensorError(
        .autograd,
        "\(op): a leaf tensor that requires grad is being used in an in-place operation; "
          + "wrap the update in noGrad { ... } (as optimizers do)")
    }
    throw TensorError(
      .autograd,
      "\(op): in-place operations on tensors recorded by autograd are not supported; use the "
        + "out-of-place form (e.g. a + b instead of a.add_(b))")
  }

  /// `self op= other` in place, `other` broadcast to this tensor's shape.
  private func updateInPlace(_ other: Tensor, _ op: ArithmeticOp, _ name: String) throws {
    try checkInPlace(name)
    let target = try broadcastShapes(shape, other.shape, name)
    guard target == shape else {
      throw TensorError(
        .shapeMismatch,
        "\(name): output with shape \(shapeString(shape)) doesn't match the broadcast shape "
          + "\(shapeString(target))")
    }
    var dt = DType.promote(dtype, other.dtype)
    if op == .div && !dt.isFloatingPoint { dt = .float32 }
    if dt == .bool { dt = .int64 }
    guard dt.canCastInPlace(to: dtype) else { throw TensorError.inPlaceCast(dt, into: dtype) }
    let y = try other.dtype == dtype ? other : other.copyData(to: dtype)
    switch dtype {
    case .float32: GradTensor.updateInPlace(self, y, Float.self) { Float.apply(op, $0, $1) }
    case .float64: GradTensor.updateInPlace(self, y, Double.self) { Double.apply(op, $0, $1) }
    default: GradTensor.updateInPlace(self, y, Int64.self) { Int64.apply(op, $0, $1) }
    }
  }

  /// `self += other` in place.
  @discardableResult public func add_(_ other: Tensor) throws -> Tensor {
    try updateInPlace(other, .add, "add_")
    return self
  }
  /// `self += alpha · other` in place (PyTorch's `add_(other, alpha=)`, the SGD step
  /// `p.data.add_(p.grad, alpha=-lr)`): one pass when both are float32 or float64 of the same
  /// shape and contiguous, instead of a scaled copy and an add.
  @discardableResult public func add_(_ other: Tensor, alpha: Double) throws -> Tensor {
    guard alpha != 1 else { return try add_(other) }
    guard other.shape == shape, other.dtype == dtype, isContiguous, other.isContiguous,
      dtype.isFloatingPoint, other.storage !== storage
    else { return try add_(other * alpha) }
    try checkInPlace("add_")
    if dtype == .float32 {
      let (p, q, a) = (
        storage.typed(Float.self) + storageOffset,
        other.storage.typed(Float.self) + other.storageOffset, Float(alpha)
      )
      for i in 0..<count { p[i] += a * q[i] }
    } else {
      let (p, q) = (
        storage.typed(Double.self) + storageOffset,
        other.storage.typed(Double.self) + other.storageOffset
      )
      for i in 0..<count { p[i] += alpha * q[i] }
    }
    return self
  }
  /// `self −= other` in place.
  @discardableResult public func sub_(_ other: Tensor) throws -> Tensor {
    try updateInPlace(other, .sub, "sub_")
    return self
  }
  /// `self *= other` in place.
  @discardableResult public func mul_(_ other: Tensor) throws -> Tensor {
    try updateInPlace(other, .mul, "mul_")
    return self
  }
  /// `self /= other` in place.
  @discardableResult public func div_(_ other: Tensor) throws -> Tensor {
    try updateInPlace(other, .div, "div_")
    return self
  }
  /// `self += value` in place.
  @discardableResult public func add_(_ value: Double) throws -> Tensor {
    try add_(scalarOperand(value))
  }
  /// `self −= value` in place.
  @discardableResult public func sub_(_ value: Double) throws -> Tensor {
    try sub_(scalarOperand(value))
  }
  /// `self *= value` in place.
  @discardableResult public func mul_(_ value: Double) throws -> Tensor {
    try mul_(scalarOperand(value))
  }
  /// `self /= value` in place.
  @discardableResult public func div_(_ value: Double) throws -> Tensor {
    try div_(scalarOperand(value))
  }

  /// Sets every element to `value` in place.
  @discardableResult public func fill_(_ value: Double) throws -> Tensor {
    try checkInPlace("fill_")
    fillRaw(value)
    return self
  }

  /// Sets every element to zero in place.
  @discardableResult public func zero_() throws -> Tensor { try fill_(0) }

  /// Copies `source` (broadcast, converted to this dtype) into this tensor in place.
  @discardableResult public func copy_(_ source: Tensor) throws -> Tensor {
    try checkInPlace("copy_")
    let target = try broadcastShapes(shape, source.shape, "copy_")
    guard target == shape else {
      throw TensorError(
        .shapeMismatch,
        "copy_: source of shape \(shapeString(source.shape)) cannot be broadcast to "
          + "\(shapeString(shape))")
    }
    // Read everything first when source and destination overlap in the same storage.
    let src = source.storage === storage ? try source.copyData(to: source.dtype) : source
    if src.shape == shape {
      try assignElements(from: src)
    } else {
      try assignElements(from: src.detach().expand(shape))
    }
    return self
  }
}
