// Regression loss as one graph node (the classification losses are fused with softmax, in
// Tensor+Softmax.swift).

/// Mean squared error, PyTorch's `F.mse_loss`, recorded as one node (`MseLossBackward0`):
///
/// ```
/// d = input − target (broadcast)
/// loss = Σ d² / count   (mean)      Σ d²   (sum)      d²   (none, elementwise)
/// ∂input = 2·d·g (/ count for the mean)      ∂target = −∂input
/// ```
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: LossReduction = .mean) throws
  -> Tensor
{
  let (d, loss) = try noGrad { () throws -> (Tensor, Tensor) in
    let d = try input - target
    let squared = try d * d
    switch reduction {
    case .mean: return (d, try squared.mean())
    case .sum: return (d, try squared.sum())
    case .none: return (d, squared)
    }
  }
  return try record(
    loss,
    .mseLoss(
      difference: d, inputShape: input.shape, targetShape: target.shape, reduction: reduction),
    [input, target])
}

/// Negative log-likelihood of log-probabilities (log_softmax's output) at the target classes,
/// PyTorch's `F.nll_loss`, recorded as one node (`NllLossBackward0`):
///
/// ```
/// loss_i = −input[i, t_i]   (0 where t_i = ignoreIndex)
/// mean: Σ loss_i / (rows not ignored)      sum: Σ loss_i      none: loss_i
/// ∂input[i, j] = −g·scale_i where j = t_i, 0 elsewhere
/// ```
///
/// - Parameters:
///   - input: (N, C) log-probabilities, or (C) for a single example.
///   - target: (N) int64 class indices, or a 0-d index.
public func nllLoss(
  _ input: Tensor, _ target: Tensor, ignoreIndex: Int = -100, reduction: LossReduction = .mean
) throws -> Tensor {
  guard input.dtype.isFloatingPoint else {
    throw TensorError(
      .dtypeMismatch, "nll_loss: input must be floating point, got \(input.dtype.torchName)")
  }
  guard target.dtype == .int64 else {
    throw TensorError(
      .dtypeMismatch,
      "expected target dtype to be Long or Byte, but got \(target.dtype.scalarTypeName)")
  }
  guard target.ndim <= 1 else {
    throw TensorError(
      .shapeMismatch, "0D or 1D target tensor expected, multi-target not supported")
  }
  let single = input.ndim == 1 && target.ndim == 0
  guard single || (input.ndim == 2 && target.ndim == 1 && target.shape[0] == input.shape[0])
  else {
    guard input.ndim <= 2 else {
      throw TensorError(
        .shapeMismatch,
        "nll_loss: inputs of \(input.ndim) dimensions (spatial targets) are not supported here; "
          + "flatten them to (N, C)")
    }
    throw TensorError.batchSizes(input.ndim == 2 ? input.shape[0] : 1, target.shape.first ?? 1)
  }
  let (rows, c) = (single ? 1 : input.shape[0], input.shape[input.ndim - 1])
  let t = try target.contiguous()
  let tp = t.storage.typed(Int64.self) + t.storageOffset
  // Only one element per row is read: no conversion of the whole (N, C) input.
  let x = try input.detach().contiguous()
  func element(_ k: Int) -> Double {
    x.dtype == .float32
      ? Double(x.storage.typed(Float.self)[x.storageOffset + k])
      : x.storage.typed(Double.self)[x.storageOffset + k]
  }
  var losses = [Double](repeating: 0, count: rows)
  var counted = 0
  for i in 0..<rows where tp[i] != Int64(ignoreIndex) {
    guard tp[i] >= 0 && tp[i] < Int64(c) else {
      throw TensorError(.indexOutOfRange, "Target \(tp[i]) is out of bounds.")
    }
    losses[i] = -element(i * c + Int(tp[i]))
    counted += 1
  }
  let out: Tensor
  let scale: CrossEntropyScale
  switch reduction {
  case .none:
    out = try Tensor(losses, shape: single ? [] : [rows], dtype: input.dtype)
    scale = .none
  case .sum:
    out = try Tensor([losses.reduce(0, +)], shape: [], dtype: input.dtype)
    scale = .sum
  case .mean:
    // 0/0 = nan when every row is ignored, as in PyTorch.
    out = try Tensor([losses.reduce(0, +) / Double(counted)], shape: [], dtype: input.dtype)
    scale = .mean(count: counted)
  }
  return try record(
    out,
    .nllLoss(inputShape: input.shape, target: t, scale: scale, ignoreIndex: Int64(ignoreIndex)),
    [input])
}

/// ∂nll/∂input: −g·scale_i at each row's target class, zero elsewhere.
func nllLossBackward(
  _ g: Tensor, _ inputShape: [Int], _ target: Tensor, _ scale: CrossEntropyScale,
  _ ignoreIndex: Int64
) throws -> Tensor {
  let c = inputShape.last ?? 1
  let rows = inputShape.count == 1 ? 1 : inputShape[0]
  let gs = try g.contiguous().to(.float64).toDoubleArray()
  let tp = target.storage.typed(Int64.self) + target.storageOffset
  let dx = try Tensor.zeros(inputShape, dtype: g.dtype)  // fresh and contiguous
  for i in 0..<rows where tp[i] != ignoreIndex {
    let v: Double
    switch scale {
    case .mean(let count): v = -gs[0] / Double(count)
    case .sum: v = -gs[0]
    case .none: v = -gs[i]
    }
    let at = i * c + Int(tp[i])
    if g.dtype == .float32 {
      dx.storage.typed(Float.self)[at] = Float(v)
    } else {
      dx.storage.typed(Double.self)[at] = v
    }
  }
  return dx
}
