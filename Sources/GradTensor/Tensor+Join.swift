// Joining and splitting: cat, stack, split, chunk; and where.

extension Tensor {
  /// Joins tensors along an existing dimension; all other sizes must agree.
  public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
    guard let first = tensors.first else {
      throw TensorError(.invalidArgument, "cat: expected a non-empty list of tensors")
    }
    guard first.ndim > 0 else {
      throw TensorError(.invalidArgument, "cat: zero-dimensional tensors cannot be concatenated")
    }
    let d = try first.dimension(dim, "cat")
    var dt = first.dtype
    for t in tensors { dt = DType.promote(dt, t.dtype) }
    for (i, t) in tensors.enumerated() {
      var ok = t.ndim == first.ndim
      if ok {
        for k in 0..<first.ndim where k != d && t.shape[k] != first.shape[k] { ok = false }
      }
      guard ok else {
        throw TensorError(
          .shapeMismatch,
          "cat: sizes of tensors must match except in dimension \(d); tensor 0 has shape "
            + "\(shapeString(first.shape)) and tensor \(i) has shape \(shapeString(t.shape))")
      }
    }
    var outShape = first.shape
    outShape[d] = tensors.reduce(0) { $0 + $1.shape[d] }
    let out = try Tensor(empty: outShape, dtype: dt)
    var start = 0
    for t in tensors {
      let size = t.shape[d]
      if size > 0 {
        try out.narrowRaw(d, start, size).assignElements(from: t)
      }
      start += size
    }
    return try record(out, .cat(dim: d, sizes: tensors.map { $0.shape[d] }), tensors)
  }

  /// A view narrowed along `d` without autograd.
  func narrowRaw(_ d: Int, _ start: Int, _ length: Int) -> Tensor {
    var s = shape
    s[d] = length
    return Tensor(
      storage: storage, shape: s, strides: strides, offset: storageOffset + start * strides[d])
  }

  /// Joins tensors of equal shape along a new dimension.
  public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
    guard let first = tensors.first else {
      throw TensorError(.invalidArgument, "stack: expected a non-empty list of tensors")
    }
    for (i, t) in tensors.enumerated() where t.shape != first.shape {
      throw TensorError(
        .shapeMismatch,
        "stack: expects each tensor to be equal size, but got \(shapeString(first.shape)) at "
          + "entry 0 and \(shapeString(t.shape)) at entry \(i)")
    }
    let d = try first.dimension(dim, "stack", extra: 1)
    return try cat(tensors.map { try $0.unsqueeze(d) }, dim: d)
  }

  /// Splits along `dim` into pieces of `size` (the last may be smaller); views.
  public func split(_ size: Int, dim: Int = 0) throws -> [Tensor] {
    guard size > 0 else {
      throw TensorError(.invalidArgument, "split: split size must be positive, got \(size)")
    }
    let d = try dimension(dim, "split")
    var pieces: [Tensor] = []
    var start = 0
    repeat {
      let length = Swift.min(size, shape[d] - start)
      pieces.append(try narrow(dim: d, start: start, length: length))
      start += size
    } while start < shape[d]
    return pieces
  }

  /// Splits along `dim` into pieces of the given sizes, which must add up to the dimension.
  public func split(sizes: [Int], dim: Int = 0) throws -> [Tensor] {
    let d = try dimension(dim, "split")
    guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[d] else {
      throw TensorError(
        .shapeMismatch,
        "split: sizes \(sizes) must be non-negative and sum to \(shape[d]) (dimension \(d))")
    }
    var start = 0
    return try sizes.map { size in
      defer { start += size }
      return try narrow(dim: d, start: start, length: size)
    }
  }

  /// Splits along `dim` into `chunks` pieces of ⌈size / chunks⌉ (fewer if it does not divide).
  public func chunk(_ chunks: Int, dim: Int = 0) throws -> [Tensor] {
    guard chunks > 0 else {
      throw TensorError(.invalidArgument, "chunk: number of chunks must be positive")
    }
    let d = try dimension(dim, "chunk")
    // ⌈n / chunks⌉ without forming n + chunks − 1 (chunks may be huge).
    let size = shape[d] == 0 ? 1 : (shape[d] - 1) / chunks + 1
    return try split(size, dim: d)
  }

  /// `condition ? a : b` elementwise, broadcasting all three.
  public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard condition.dtype == .bool else {
      throw TensorError(
        .dtypeMismatch,
        "where: condition must be a bool tensor, got \(condition.dtype.torchName)")
    }
    let shape = try broadcastShapes(
      broadcastShapes(condition.shape, a.shape, "where"), b.shape, "where")
    let dt = DType.promote(a.dtype, b.dtype)
    let x = try a.dtype == dt ? a : a.copyData(to: dt)
    let y = try b.dtype == dt ? b : b.copyData(to: dt)
    let out = try Tensor(empty: shape, dtype: dt)
    let pc = condition.storage.typed(Bool.self) + condition.storageOffset
    let sc = condition.broadcastStrides(to: shape)
    let sx = x.broadcastStrides(to: shape)
    let sy = y.broadcastStrides(to: shape)
    let bytes = dt.byteSize
    let px = x.storage.pointer + x.storageOffset * bytes
    let py = y.storage.pointer + y.storageOffset * bytes
    let po = out.storage.pointer
    var flat = 0
    forEachStrided3(shape, sc, sx, sy) { c, i, j in
      let src = pc[c] ? px + i * bytes : py + j * bytes
      (po + flat * bytes).copyMemory(from: src, byteCount: bytes)
      flat += 1
    }
    return try record(
      out, .whereSelect(condition: condition, aShape: a.shape, bShape: b.shape),
      [condition, a, b])
  }

  /// `value` where `mask` is true, self elsewhere (`masked_fill`), broadcasting mask and self:
  ///
  /// ```
  /// out = mask ? value : x        ∂x = g where not mask, 0 where value was written
  /// ```
  public func maskedFill(_ mask: Tensor, _ value: Double) throws -> Tensor {
    try checkFillMask(mask)
    let shape = try broadcastShapes(self.shape, mask.shape, "masked_fill")
    let out = try noGrad {
      try Tensor.where(mask, scalarOperand(value), detach()).expand(shape).contiguous()
    }
    return try record(out, .maskedFill(mask: mask, inputShape: self.shape), [self])
  }

  /// `masked_fill` in place: the mask must broadcast to this tensor's shape.
  @discardableResult public func maskedFill_(_ mask: Tensor, _ value: Double) throws -> Tensor {
    try checkFillMask(mask)
    try checkInPlace("masked_fill_")
    let shape = try broadcastShapes(self.shape, mask.shape, "masked_fill_")
    guard shape == self.shape else {
      throw TensorError(
        .shapeMismatch,
        "masked_fill_: the mask of shape \(shapeString(mask.shape)) cannot be broadcast to the "
          + "tensor's shape \(shapeString(self.shape))")
    }
    try noGrad { try copy_(Tensor.where(mask, scalarOperand(value), detach())) }
    return self
  }

  private func checkFillMask(_ mask: Tensor) throws {
    guard mask.dtype == .bool else {
      // PyTorch names the dtype as C does.
      let cName =
        switch mask.dtype {
        case .float32: "float"
        case .float64: "double"
        case .int64: "long int"
        case .bool: "bool"
        }
      throw TensorError(
        .dtypeMismatch,
        "masked_fill_ only supports boolean masks, but got mask with dtype \(cName)")
    }
  }
}
