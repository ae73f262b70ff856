// A small deterministic random number generator, so that a seed gives the
// same weights, the same data and the same shuffles on every machine, every
// run and every Swift version (the standard library's generators promise
// none of that).

/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit counter through a mixer.
///
/// ```
/// state ← state + 0x9E3779B97F4A7C15        (2⁶⁴ / golden ratio)
/// z ← (state ⊕ state≫30) · 0xBF58476D1CE4E5B9
/// z ← (z ⊕ z≫27) · 0x94D049BB133111EB
/// output z ⊕ z≫31
/// ```
/// Every seed, including 0, gives a full-period stream. The scalar engine draws its weights
/// and data from it, the models their weights, dropout masks and batch order, and it seeds
/// the tensor engine's `Xoshiro256StarStar`.
public struct SplitMix64: SeededRandomNumberGenerator, Sendable {
  // The draws are inlinable: the engines' loops over millions of numbers get them inlined and
  // specialised, as when each engine had a copy of its own.
  @usableFromInline var counter: UInt64

  /// The generator's whole state.
  public var state: UInt64 { counter }

  /// A generator whose stream is fixed by `seed`.
  public init(seed: UInt64) { counter = seed }

  /// A generator for one part of a seeded run (an epoch, a layer's weights): different
  /// `stream`s give unrelated streams from the same seed.
  ///
  /// ```
  /// state = first output of SplitMix64(seed ⊕ stream · 0xD1B54A32D192ED03)
  /// ```
  public init(seed: UInt64, stream: UInt64) {
    var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    counter = mixer.next()
  }

  @inlinable public mutating func next() -> UInt64 {
    counter &+= 0x9E37_79B9_7F4A_7C15
    var z = counter
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in `0..<bound` (Lemire's multiply-and-reject); 0 when `bound` is 0.
  ///
  /// ```
  /// m = x · bound  (128-bit);  high word is the sample, unless the low word
  /// falls in the 2⁶⁴ mod bound values that would bias it: then draw again.
  /// ```
  @inlinable public mutating func below(_ bound: UInt64) -> UInt64 {
    guard bound > 0 else { return 0 }
    var m = next().multipliedFullWidth(by: bound)
    if m.low < bound {
      let threshold = (0 &- bound) % bound
      while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
    }
    return m.high
  }

  /// Uniform in `0..<bound` for a non-negative Int bound.
  @inlinable public mutating func index(below bound: Int) -> Int {
    Int(below(UInt64(max(bound, 0))))
  }

  /// Shuffles `array` in place (Fisher–Yates): every order equally likely.
  @inlinable public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i > 0 {
      array.swapAt(i, index(below: i + 1))
      i -= 1
    }
  }
}
