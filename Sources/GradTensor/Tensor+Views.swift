// Views: new shapes and strides over the same storage (no data copied).

/// Attaches a node to a view. Views create no new values, so there is nothing for anomaly mode
/// to check and this cannot fail.
func recordView(_ out: Tensor, _ rule: @autoclosure () -> BackwardRule, _ inputs: [Tensor])
  -> Tensor
{
  if inputs.contains(where: \.requiresGrad) && GradMode.isEnabled {
    out.requiresGrad = true
    out.gradFn = Node(rule: rule(), inputs: inputs)
  }
  return out
}

/// Strides that present a tensor of `oldShape`/`oldStrides` with `newShape` without copying,
/// or nil when the memory layout does not allow it. Dimensions are grouped into runs that are
/// contiguous with each other; each run can be re-split freely.
func viewStrides(_ oldShape: [Int], _ oldStrides: [Int], _ newShape: [Int]) -> [Int]? {
  if oldShape.contains(0) || oldShape.isEmpty { return contiguousStrides(newShape) }
  var newStrides = [Int](repeating: 0, count: newShape.count)
  var viewD = newShape.count - 1
  var chunkBase = oldStrides[oldStrides.count - 1]
  var tensorNumel = 1
  var viewNumel = 1
  for tensorD in stride(from: oldShape.count - 1, through: 0, by: -1) {
    tensorNumel *= oldShape[tensorD]
    let runEnds =
      tensorD == 0
      || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBase)
    if runEnds {
      while viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
        newStrides[viewD] = viewNumel * chunkBase
        viewNumel *= newShape[viewD]
        viewD -= 1
      }
      if viewNumel != tensorNumel { return nil }
      if tensorD > 0 {
        chunkBase = oldStrides[tensorD - 1]
        tensorNumel = 1
        viewNumel = 1
      }
    }
  }
  return viewD == -1 ? newStrides : nil
}

extension Tensor {
  /// Resolves a requested shape with at most one −1 against this tensor's element count.
  func inferShape(_ requested: [Int], _ op: String) throws -> [Int] {
    let n = count
    var known = 1
    var inferred: Int?
    for (i, s) in requested.enumerated() {
      if s == -1 {
        guard inferred == nil else {
          throw TensorError(.invalidArgument, "\(op): only one dimension can be inferred (-1)")
        }
        inferred = i
      } else if s < 0 {
        throw TensorError(.invalidArgument, "\(op): invalid shape dimension \(s)")
      } else {
        let (p, o) = known.multipliedReportingOverflow(by: s)
        guard !o else { throw TensorError(.invalidArgument, "\(op): shape is too large") }
        known = p
      }
    }
    var out = requested
    if let i = inferred {
      guard known > 0, n % known == 0 else {
        throw TensorError.invalidShape(requested, size: n)
      }
      out[i] = n / known
    } else if known != n {
      throw TensorError.invalidShape(requested, size: n)
    }
    return out
  }

  /// The same elements with a new shape, sharing storage; fails when the strides do not allow
  /// it (then use `reshape`, which copies).
  public func view(_ newShape: [Int]) throws -> Tensor {
    let target = try inferShape(newShape, "view")
    guard let st = viewStrides(shape, strides, target) else {
      throw TensorError(
        .shapeMismatch,
        "view: size \(shapeString(target)) is not compatible with the input's size "
          + "\(shapeString(shape)) and strides \(shapeString(strides)) (at least one dimension "
          + "spans across two contiguous subspaces); use reshape(...) instead")
    }
    let out = Tensor(storage: storage, shape: target, strides: st, offset: storageOffset)
    return recordView(out, .reshape(inputShape: shape, name: "ViewBackward0"), [self])
  }

  /// `view` when the strides allow it, otherwise a contiguous copy with the new shape.
  public func reshape(_ newShape: [Int]) throws -> Tensor {
    let target = try inferShape(newShape, "reshape")
    if viewStrides(shape, strides, target) != nil { return try view(target) }
    return try clone().view(target)
  }

  /// Flattens dimensions `startDim...endDim` into one.
  public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
    if ndim == 0 { return try reshape([1]) }
    let s = try dimension(startDim, "flatten")
    let e = try dimension(endDim, "flatten")
    guard s <= e else {
      throw TensorError(.invalidArgument, "flatten: startDim cannot come after endDim")
    }
    let merged = shape[s...e].reduce(1, *)
    return try reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
  }

  /// Reorders the dimensions: output dimension i is input dimension `dims[i]` (a view).
  public func permute(_ dims: [Int]) throws -> Tensor {
    guard dims.count == ndim else {
      throw TensorError(
        .invalidArgument,
        "permute: number of dims don't match (tensor has \(ndim), got \(dims.count))")
    }
    let normalised = try dims.map { try dimension($0, "permute") }
    guard Set(normalised).count == ndim else {
      throw TensorError(.invalidArgument, "permute: repeated dim in \(dims)")
    }
    return permuted(normalised)
  }

  /// Permutes with already validated dimensions.
  func permuted(_ dims: [Int], name: String = "PermuteBackward0") -> Tensor {
    let out = Tensor(
      storage: storage, shape: dims.map { shape[$0] }, strides: dims.map { strides[$0] },
      offset: storageOffset)
    return recordView(out, .permute(dims, name: name), [self])
  }

  /// Swaps two dimensions (a view).
  public func transpose(_ dim0: Int, _ dim1: Int) throws -> Tensor {
    let a = try dimension(dim0, "transpose")
    let b = try dimension(dim1, "transpose")
    var dims = Array(0..<ndim)
    dims.swapAt(a, b)
    return permuted(dims, name: "TransposeBackward0")
  }

  /// All dimensions reversed (for a matrix, its transpose) — a view.
  public var T: Tensor { permuted(Array((0..<ndim).reversed())) }

  /// The last two dimensions swapped (batched matrix transpose); unchanged below 2-D.
  public var mT: Tensor {
    guard ndim >= 2 else { return self }
    var dims = Array(0..<ndim)
    dims.swapAt(ndim - 1, ndim - 2)
    return permuted(dims, name: "TransposeBackward0")
  }

  /// Inserts a dimension of size 1 at `dim` (a view).
  public func unsqueeze(_ dim: Int) throws -> Tensor {
    let d = try dimension(dim, "unsqueeze", extra: 1)
    var s = shape
    var st = strides
    s.insert(1, at: d)
    st.insert(d < ndim ? strides[d] * shape[d] : 1, at: d)
    let out = Tensor(storage: storage, shape: s, strides: st, offset: storageOffset)
    return recordView(out, .reshape(inputShape: shape, name: "UnsqueezeBackward0"), [self])
  }

  /// Removes dimensions of size 1 (all of them, or only `dim`) — a view.
  public func squeeze(_ dim: Int? = nil) throws -> Tensor {
    var keep = [Bool](repeating: true, count: ndim)
    if let dim {
      if ndim == 0 { return self }
      let d = try dimension(dim, "squeeze")
      keep[d] = shape[d] != 1
    } else {
      for d in 0..<ndim where shape[d] == 1 { keep[d] = false }
    }
    var s: [Int] = []
    var st: [Int] = []
    for d in 0..<ndim where keep[d] {
      s.append(shape[d])
      st.append(strides[d])
    }
    let out = Tensor(storage: storage, shape: s, strides: st, offset: storageOffset)
    let name = dim == nil ? "SqueezeBackward0" : "SqueezeBackward1"
    return recordView(out, .reshape(inputShape: shape, name: name), [self])
  }

  /// Broadcasts to a bigger shape without copying (stride 0 on repeated dimensions); −1 keeps
  /// a size.
  public func expand(_ newShape: [Int]) throws -> Tensor {
    guard newShape.count >= ndim else {
      throw TensorError(
        .shapeMismatch,
        "expand: the number of sizes provided (\(newShape.count)) must be greater or equal to "
          + "the number of dimensions in the tensor (\(ndim))")
    }
    let shift = newShape.count - ndim
    var target = newShape
    for d in 0..<newShape.count {
      if d >= shift {
        let own = shape[d - shift]
        if target[d] == -1 { target[d] = own }
        guard own == target[d] || own == 1 else {
          throw TensorError(
            .shapeMismatch,
            "expand: the expanded size of the tensor (\(target[d])) must match the existing size "
              + "(\(own)) at non-singleton dimension \(d); target shape \(shapeString(newShape)), "
              + "tensor shape \(shapeString(shape))")
        }
      } else if target[d] < 0 {
        throw TensorError(.invalidArgument, "expand: -1 is not allowed in a leading, new dimension")
      }
    }
    _ = try checkedCount(target)
    if target == shape { return self }
    let out = Tensor(
      storage: storage, shape: target, strides: broadcastStrides(to: target),
      offset: storageOffset)
    return recordView(out, .expand(inputShape: shape), [self])
  }

  /// `expand(other.shape)`.
  public func expandAs(_ other: Tensor) throws -> Tensor { try expand(other.shape) }

  /// Sums a broadcast gradient back to `target` (the reverse of broadcasting): leading extra
  /// dimensions and dimensions that were 1 in `target` are summed away.
  func sumToShape(_ target: [Int]) throws -> Tensor {
    if shape == target { return self }
    let lead = ndim - target.count
    guard lead >= 0 else { return try reshape(target) }
    var dims = Array(0..<lead)
    for (i, s) in target.enumerated() where s == 1 && shape[i + lead] != 1 { dims.append(i + lead) }
    let summed = dims.isEmpty ? self : try sum(dims: dims, keepdim: true)
    return try summed.reshape(target)
  }
}
