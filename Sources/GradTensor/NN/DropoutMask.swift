// Dropout masks for fused kernels: the factors `dropout` multiplies by, drawn from the same
// global generator (`manualSeed`) in the same way, but written into a raw buffer so that a
// fused kernel can apply them inside its own forward and backward passes.
//
// Shape key: N elements of one activation, flattened.

/// Fills `mask[0..<count]` with inverted dropout's factors, one draw of the global generator
/// per element (the draws `dropout(_:p:training:)` makes):
///
/// ```
/// mask_i = 0          with probability p
///        = 1/(1 − p)  otherwise            so that E[x ∘ mask] = x
/// ```
///
/// - Parameters:
///   - mask: receives the N factors.
///   - count: N.
///   - probability: p, in [0, 1]; p = 1 gives all zeros.
public func fillDropoutMask<S: KernelScalar>(
  _ mask: UnsafeMutablePointer<S>, count: Int, probability p: Double
) {
  let keep: S = p < 1 ? S(1 / (1 - p)) : 0
  GlobalRandom.with { rng in
    for i in 0..<count { mask[i] = rng.nextUnit() < p ? 0 : keep }
  }
}
