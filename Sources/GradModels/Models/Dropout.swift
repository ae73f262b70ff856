// Inverted dropout with the model's own seeded generator.
import GradTensor

/// Zeroes each entry with probability p and scales the survivors by 1/(1 − p), so the expected
/// activation is unchanged and evaluation needs no rescaling:
///
/// ```
/// mask_i ~ Bernoulli(1 − p);   out = x ∘ mask / (1 − p)
/// ```
func dropout(_ x: Tensor, probability p: Double, generator: inout SeededGenerator) throws -> Tensor
{
  guard p > 0 else { return x }
  let keep = 1 - p
  let scale = 1 / keep
  var mask = [Double](repeating: 0, count: x.count)
  for i in 0..<mask.count where generator.unitInterval() < keep { mask[i] = scale }
  return try x * Tensor(mask, shape: x.shape, dtype: x.dtype)
}
