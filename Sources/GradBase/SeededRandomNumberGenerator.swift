// What every engine draws from a seeded generator: uniform doubles and
// normal samples, written once for SplitMix64 and xoshiro256** alike, so a
// seed means the same numbers whichever engine draws them. The Mersenne
// Twister brings CPython's own uniform double instead.

import Foundation

/// A random number generator whose whole stream is fixed by a 64-bit seed.
public protocol SeededRandomNumberGenerator: RandomNumberGenerator {
  /// A generator whose stream is fixed by `seed`.
  init(seed: UInt64)

  /// A uniform double in [0, 1). A requirement, so that a generator with a recipe of its
  /// own (CPython's, in `MersenneTwister`) gives it to `uniform` and `gaussian` too.
  mutating func nextUnit() -> Double
}

extension SeededRandomNumberGenerator {
  /// A uniform double in [0, 1): the top 53 bits of the next output.
  @inlinable public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform double in [low, high).
  @inlinable public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * nextUnit()
  }

  /// A standard normal sample by the Box–Muller transform.
  ///
  /// ```
  /// u₁, u₂ ~ U(0, 1],  z = √(−2 ln u₁) · cos(2π u₂)  ~  N(0, 1)
  /// ```
  @inlinable public mutating func gaussian() -> Double {
    let u1 = 1 - nextUnit()  // in (0, 1]: ln u₁ is finite
    let u2 = nextUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// A normal sample with the given mean and standard deviation.
  @inlinable public mutating func gaussian(mean: Double, standardDeviation: Double) -> Double {
    mean + standardDeviation * gaussian()
  }
}
