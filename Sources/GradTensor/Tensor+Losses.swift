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
