// The tensor engine's generator: more state than SplitMix64 for the millions
// of draws behind randn and the initialisers, seeded through SplitMix64.

/// xoshiro256** (Blackman and Vigna 2018): 256 bits of state, period 2²⁵⁶ − 1, fast and
/// statistically strong enough for initialising weights and sampling.
///
/// ```
/// result = rotl(s₁ · 5, 7) · 9
/// t = s₁ ≪ 17
/// s₂ ⊕= s₀;  s₃ ⊕= s₁;  s₁ ⊕= s₂;  s₀ ⊕= s₃;  s₂ ⊕= t;  s₃ = rotl(s₃, 45)
/// ```
/// The four state words are SplitMix64's first four outputs for the seed, so any 64-bit
/// seed, even 0, gives a good state.
public struct Xoshiro256StarStar: SeededRandomNumberGenerator, Sendable {
  // Inlinable state and `next()`, so randn's inner loop inlines across the module boundary.
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// A generator whose stream is fixed by `seed`.
  public init(seed: UInt64) {
    var seeder = SplitMix64(seed: seed)
    s0 = seeder.next()
    s1 = seeder.next()
    s2 = seeder.next()
    s3 = seeder.next()
  }

  @inlinable public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }
}
