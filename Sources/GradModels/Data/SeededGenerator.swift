// A seeded random number generator whose stream is fixed forever: shuffles
// and the generated corpus must come out the same on every machine and every
// Swift version, which the standard library's generators do not promise.

/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit counter through a mixer.
///
/// ```
/// state += 0x9E3779B97F4A7C15            (the golden ratio in 64 bits)
/// z = state
/// z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB
/// return z ^ (z >> 31)
/// ```
struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// A generator for one epoch of a seeded run: different epochs, unrelated streams.
  init(seed: UInt64, stream: UInt64) {
    var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    state = mixer.next()
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
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
  mutating func below(_ bound: UInt64) -> UInt64 {
    guard bound > 0 else { return 0 }
    var m = next().multipliedFullWidth(by: bound)
    if m.low < bound {
      let threshold = (0 &- bound) % bound
      while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
    }
    return m.high
  }

  /// Uniform in `0..<bound` for a non-negative Int bound.
  mutating func index(below bound: Int) -> Int {
    Int(below(UInt64(max(bound, 0))))
  }

  /// Shuffles `array` in place (Fisher–Yates): every order equally likely.
  mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i > 0 {
      array.swapAt(i, index(below: i + 1))
      i -= 1
    }
  }
}
