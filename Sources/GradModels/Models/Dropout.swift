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
  // Keep when a uniform 32-bit draw falls below keep · 2³²; two draws per 64-bit number.
  let threshold = UInt64(keep * 4_294_967_296)
  let n = x.count
  if x.dtype == .float32 {
    let scale = Float(1 / keep)
    var mask = [Float](repeating: 0, count: n)
    var i = 0
    while i < n {
      let bits = generator.next()
      if bits & 0xFFFF_FFFF < threshold { mask[i] = scale }
      if i + 1 < n && bits >> 32 < threshold { mask[i + 1] = scale }
      i += 2
    }
    return try x * Tensor(mask, shape: x.shape)
  }
  var mask = [Double](repeating: 0, count: n)
  for i in 0..<n where generator.nextUnit() < keep { mask[i] = 1 / keep }
  return try x * Tensor(mask, shape: x.shape, dtype: x.dtype)
}
