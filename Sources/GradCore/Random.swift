// A small deterministic random number generator, so that a seed gives the
// same weights and the same data on every machine and every run.

import Foundation

/// SplitMix64: a 64-bit state advanced by a fixed odd constant, then mixed.
///
/// ```
/// state ← state + 0x9E3779B97F4A7C15        (2⁶⁴ / golden ratio)
/// z ← (state ⊕ state≫30) · 0xBF58476D1CE4E5B9
/// z ← (z ⊕ z≫27) · 0x94D049BB133111EB
/// output z ⊕ z≫31
/// ```
/// Every seed, including 0, gives a full-period stream.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  /// The generator's whole state.
  public private(set) var state: UInt64

  /// A generator whose stream is fixed by `seed`.
  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1): the top 53 bits of the next output.
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform double in [low, high).
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * nextUnit()
  }

  /// A standard normal sample by the Box–Muller transform.
  ///
  /// ```
  /// u₁, u₂ ~ U(0, 1],  z = √(−2 ln u₁) · cos(2π u₂)  ~  N(0, 1)
  /// ```
  public mutating func gaussian() -> Double {
    let u1 = 1 - nextUnit()  // in (0, 1]: ln u₁ is finite
    let u2 = nextUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// A normal sample with the given mean and standard deviation.
  public mutating func gaussian(mean: Double, standardDeviation: Double) -> Double {
    mean + standardDeviation * gaussian()
  }
}
