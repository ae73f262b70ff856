// Modules: objects that own parameters (PyTorch's nn.Module, reduced to what training needs).

/// Something with trainable parameters.
public protocol Module: AnyObject {
  /// Parameters with stable, dotted names (`"weight"`, `"layers.0.bias"`), used for saving.
  func namedParameters() -> [(name: String, tensor: Tensor)]
}

extension Module {
  /// All trainable tensors, in a stable order.
  public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

  /// Forgets accumulated gradients (sets `.grad` to nil, PyTorch's default).
  public func zeroGrad() {
    for p in parameters() { p.grad = nil }
  }

  /// Total number of scalar parameters.
  public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }
}

/// A fully connected layer: `y = x · Wᵀ + b`.
///
/// ```
/// x (…, inFeatures) · Wᵀ (inFeatures, outFeatures) + b (outFeatures) → y (…, outFeatures)
/// ```
///
/// Initialised like PyTorch: W and b uniform in ±1/√inFeatures.
public final class Linear: Module {
  public let inFeatures: Int
  public let outFeatures: Int
  /// (outFeatures, inFeatures), as in PyTorch.
  public let weight: Tensor
  public let bias: Tensor?

  public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, dtype: DType = .float32)
    throws
  {
    guard inFeatures > 0, outFeatures > 0 else {
      throw TensorError(
        .invalidArgument,
        "Linear: inFeatures and outFeatures must be positive (got \(inFeatures), \(outFeatures))")
    }
    self.inFeatures = inFeatures
    self.outFeatures = outFeatures
    weight = try Tensor.zeros([outFeatures, inFeatures], dtype: dtype)
    try Init.linearDefault(weight)
    self.bias = bias ? try Tensor.zeros([outFeatures], dtype: dtype) : nil
    if let b = self.bias {
      try Init.uniform(b, -1 / Double(inFeatures).squareRoot(), 1 / Double(inFeatures).squareRoot())
    }
    try weight.requiresGrad_()
    try self.bias?.requiresGrad_()
  }

  /// Applies the layer to `x` of shape (…, inFeatures).
  public func callAsFunction(_ x: Tensor) throws -> Tensor {
    guard x.ndim >= 1, x.shape[x.ndim - 1] == inFeatures else {
      throw TensorError(
        .shapeMismatch,
        "Linear(\(inFeatures), \(outFeatures)): input has shape \(shapeString(x.shape)), "
          + "expected the last dimension to be \(inFeatures)")
    }
    let y = try x.matmul(weight.T)
    guard let bias else { return y }
    return try y + bias
  }

  public func namedParameters() -> [(name: String, tensor: Tensor)] {
    var out: [(name: String, tensor: Tensor)] = [("weight", weight)]
    if let bias { out.append(("bias", bias)) }
    return out
  }
}

/// A lookup table of `count` vectors of size `dimension` (PyTorch's nn.Embedding), initialised
/// from N(0, 1).
public final class Embedding: Module {
  public let count: Int
  public let dimension: Int
  /// (count, dimension).
  public let weight: Tensor

  public init(count: Int, dimension: Int, dtype: DType = .float32) throws {
    guard count > 0, dimension > 0 else {
      throw TensorError(
        .invalidArgument, "Embedding: count and dimension must be positive")
    }
    self.count = count
    self.dimension = dimension
    weight = try Tensor.zeros([count, dimension], dtype: dtype)
    try Init.normal(weight, mean: 0, std: 1)
    try weight.requiresGrad_()
  }

  /// Rows of the table for int64 `indices` of any shape → `indices.shape + [dimension]`.
  public func callAsFunction(_ indices: Tensor) throws -> Tensor {
    try embedding(indices, weight)
  }

  public func namedParameters() -> [(name: String, tensor: Tensor)] { [("weight", weight)] }
}

/// Inverted dropout: zeroes each element with probability `p` during training and scales the
/// survivors so the expected value is unchanged,
///
/// ```
/// y = x ⊙ m / (1 − p),   m ~ Bernoulli(1 − p)
/// ```
///
/// and is the identity when `training` is false. The mask comes from the global generator
/// (`manualSeed`), and the gradient flows through the same mask.
public func dropout(_ x: Tensor, p: Double, training: Bool = true) throws -> Tensor {
  guard p >= 0 && p <= 1 else {
    throw TensorError(
      .invalidArgument, "dropout probability has to be between 0 and 1, but got \(p)")
  }
  guard training && p > 0 else { return x }
  guard x.dtype.isFloatingPoint else {
    throw TensorError(.dtypeMismatch, "dropout: expected a floating point tensor")
  }
  let mask = try Tensor(empty: x.shape, dtype: x.dtype)
  let keep = p < 1 ? 1 / (1 - p) : 0
  GlobalRandom.with { rng in
    for i in 0..<mask.count { mask.setRaw(flat: i, rng.nextUnit() < p ? 0 : keep) }
  }
  return try x * mask
}
