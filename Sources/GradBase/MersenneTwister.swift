// CPython's `random` module, number for number: the Mersenne Twister MT19937
// (Matsumoto and Nishimura 1998) seeded the way CPython seeds it, and the
// algorithms `random.py` builds on it. With the same seed, every draw here is
// the draw CPython 3.11 makes, so a lecture's `random.seed(1337)` gives the
// lecture's weights.

import Foundation

/// MT19937 with CPython's seeding and CPython's `random` algorithms.
///
/// ```
/// state: 624 words x₀ … x₆₂₃ of 32 bits
/// twist: xₖ ← xₖ₊₃₉₇ ⊕ ((upper bit of xₖ | lower 31 bits of xₖ₊₁) · A)    (A = 0x9908B0DF, over GF(2))
/// output: the next word, tempered by shifts and masks so every bit is equidistributed
/// ```
/// The period is 2¹⁹⁹³⁷ − 1. `random.seed(n)` for an int n runs MT19937's
/// `init_by_array` over the 32-bit words of |n|, least significant first
/// (`[0]` for 0); `random.random()` joins 27 bits of one output and 26 of the
/// next into a double with 53 random bits.
public struct MersenneTwister: SeededRandomNumberGenerator, Sendable {
  static let n = 624
  static let m = 397
  /// The twist's matrix A, as the bottom row of its companion form.
  static let matrixA: UInt32 = 0x9908_B0DF
  static let upperMask: UInt32 = 0x8000_0000
  static let lowerMask: UInt32 = 0x7FFF_FFFF

  private var words: [UInt32]
  /// The next word of `words` to output; 624 means "twist first".
  private var position: Int
  /// `gauss` makes two samples at a time and keeps the second here (CPython's `gauss_next`).
  private var gaussNext: Double?

  /// The generator CPython's `random.seed(seed)` makes for a non-negative int `seed`.
  public init(seed: UInt64) {
    let low = UInt32(truncatingIfNeeded: seed)
    let high = UInt32(truncatingIfNeeded: seed >> 32)
    self.init(key: high == 0 ? [low] : [low, high])
  }

  /// `random.seed(seed)` for any int: CPython seeds from |seed|, so `seed(-5)` is `seed(5)`.
  public init(seed: Int) {
    self.init(seed: UInt64(seed.magnitude))
  }

  /// `random.seed(text)`: CPython's version-2 seeding of a str.
  ///
  /// ```
  /// b = UTF-8 bytes of text;  n = int.from_bytes(b ‖ SHA-512(b), 'big');  seed(n)
  /// ```
  public init(seedText text: String) {
    let bytes = Array(text.utf8)
    var digits = ArraySlice(bytes + sha512(bytes))  // n, most significant byte first
    while digits.first == 0 { digits = digits.dropFirst() }
    // The 32-bit words of n, least significant first.
    var key: [UInt32] = []
    var end = digits.endIndex
    while end > digits.startIndex {
      let start = max(digits.startIndex, end - 4)
      key.append(digits[start..<end].reduce(0) { $0 << 8 | UInt32($1) })
      end = start
    }
    self.init(key: key)
  }

  /// MT19937's `init_by_array`: the state spread from an array of 32-bit key words.
  ///
  /// ```
  /// x ← init_genrand(19650218)
  /// max(624, len(key)) times:  xᵢ ← (xᵢ ⊕ (xᵢ₋₁ ⊕ xᵢ₋₁≫30) · 1664525) + keyⱼ + j
  /// 623 times:                 xᵢ ← (xᵢ ⊕ (xᵢ₋₁ ⊕ xᵢ₋₁≫30) · 1566083941) − i
  /// x₀ ← 0x80000000                 (the state is never all zeros)
  /// ```
  /// An empty key is taken as `[0]`.
  public init(key: [UInt32]) {
    let key = key.isEmpty ? [0] : key
    let n = MersenneTwister.n
    var x = MersenneTwister.initialState(19_650_218)
    var i = 1
    var j = 0
    for _ in 0..<max(n, key.count) {
      let previous = x[i - 1] ^ (x[i - 1] >> 30)
      x[i] = (x[i] ^ (previous &* 1_664_525)) &+ key[j] &+ UInt32(truncatingIfNeeded: j)
      i += 1
      j += 1
      if i >= n {
        x[0] = x[n - 1]
        i = 1
      }
      if j >= key.count { j = 0 }
    }
    for _ in 0..<(n - 1) {
      let previous = x[i - 1] ^ (x[i - 1] >> 30)
      x[i] = (x[i] ^ (previous &* 1_566_083_941)) &- UInt32(truncatingIfNeeded: i)
      i += 1
      if i >= n {
        x[0] = x[n - 1]
        i = 1
      }
    }
    x[0] = 0x8000_0000
    words = x
    position = n
    gaussNext = nil
  }

  /// `random.seed()` with no argument: 624 words of the system's entropy through
  /// `init_by_array`, as CPython does with `os.urandom`.
  public static func fromSystemEntropy() -> MersenneTwister {
    var system = SystemRandomNumberGenerator()
    return MersenneTwister(key: (0..<n).map { _ in UInt32(truncatingIfNeeded: system.next()) })
  }

  /// MT19937's `init_genrand`: a linear congruential spread of one word.
  ///
  /// ```
  /// x₀ = s,  xᵢ = 1812433253 · (xᵢ₋₁ ⊕ xᵢ₋₁≫30) + i   (mod 2³²)
  /// ```
  static func initialState(_ s: UInt32) -> [UInt32] {
    var x = [UInt32](repeating: 0, count: n)
    x[0] = s
    for i in 1..<n {
      x[i] = 1_812_433_253 &* (x[i - 1] ^ (x[i - 1] >> 30)) &+ UInt32(i)
    }
    return x
  }

  /// Makes the next 624 words at once (the twist).
  private mutating func twist() {
    let (n, m) = (MersenneTwister.n, MersenneTwister.m)
    words.withUnsafeMutableBufferPointer { x in
      for k in 0..<n {
        // The top bit of xₖ and the low 31 bits of xₖ₊₁: one 32-bit word, multiplied by A
        // (shift right, then add A when the bit shifted out was 1).
        let y = (x[k] & MersenneTwister.upperMask) | (x[(k + 1) % n] & MersenneTwister.lowerMask)
        let product = (y >> 1) ^ (y & 1 == 0 ? 0 : MersenneTwister.matrixA)
        x[k] = x[(k + m) % n] ^ product
      }
    }
    position = 0
  }

  /// The next 32-bit output (`genrand_uint32`), tempered.
  ///
  /// ```
  /// y ⊕= y≫11;  y ⊕= (y≪7) & 0x9D2C5680;  y ⊕= (y≪15) & 0xEFC60000;  y ⊕= y≫18
  /// ```
  public mutating func nextUInt32() -> UInt32 {
    if position >= MersenneTwister.n { twist() }
    var y = words[position]
    position += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C_5680
    y ^= (y << 15) & 0xEFC6_0000
    y ^= y >> 18
    return y
  }

  /// `random.getrandbits(64)`: two outputs, the first as the low word.
  public mutating func next() -> UInt64 {
    let low = UInt64(nextUInt32())
    return low | UInt64(nextUInt32()) << 32
  }

  /// `random.getrandbits(k)` for 0 ≤ k ≤ 64 (0 for k ≤ 0, 64 bits for k > 64).
  ///
  /// Up to 32 bits come from the top of one output; wider numbers are filled
  /// 32 bits at a time from the least significant end, the last word keeping
  /// its top bits.
  public mutating func bits(_ k: Int) -> UInt64 {
    guard k > 0 else { return 0 }
    if k <= 32 { return UInt64(nextUInt32() >> (32 - k)) }
    let low = UInt64(nextUInt32())
    let high = UInt64(nextUInt32() >> (64 - min(k, 64)))
    return low | high << 32
  }

  /// `random.random()`: a double uniform in [0, 1) with 53 random bits.
  ///
  /// ```
  /// a = output≫5 (27 bits),  b = output≫6 (26 bits),  (a·2²⁶ + b) / 2⁵³
  /// ```
  public mutating func nextUnit() -> Double {
    let a = Double(nextUInt32() >> 5)
    let b = Double(nextUInt32() >> 6)
    return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// `random.random()`.
  public mutating func random() -> Double { nextUnit() }

  /// CPython's `_randbelow_with_getrandbits`: uniform in `0..<bound` by rejection.
  ///
  /// ```
  /// k = bit length of bound;  draw r = getrandbits(k) until r < bound
  /// ```
  /// Each try succeeds with probability bound/2ᵏ > 1/2. 0 when `bound` is 0.
  public mutating func below(_ bound: UInt64) -> UInt64 {
    guard bound > 0 else { return 0 }
    let k = UInt64.bitWidth - bound.leadingZeroBitCount
    var r = bits(k)
    while r >= bound { r = bits(k) }
    return r
  }

  /// Uniform in `0..<bound` for an Int bound (0 when `bound` ≤ 0).
  public mutating func index(below bound: Int) -> Int {
    bound > 0 ? Int(below(UInt64(bound))) : 0
  }

  /// `random.shuffle`: Fisher–Yates from the back, i = n−1 … 1, swapping xᵢ with x_j, j < i + 1.
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i > 0 {
      array.swapAt(i, index(below: i + 1))
      i -= 1
    }
  }

  /// `random.sample(range(populationSize), count)`: `count` distinct indices in
  /// selection order, by CPython's two strategies. nil unless 0 ≤ count ≤ populationSize.
  ///
  /// When a list of the population is smaller than a set of the sample, draw
  /// from a shrinking pool (the last unchosen item fills the chosen slot);
  /// otherwise draw indices and redraw those already taken.
  public mutating func sampleIndices(populationSize n: Int, count k: Int) -> [Int]? {
    guard k >= 0, k <= n else { return nil }
    // CPython's estimate of the bytes a set of k items costs over a list:
    // 21, plus the hash table 4^⌈log₄ 3k⌉ when k > 5.
    var setSize = 21
    if k > 5 {
      let exponent = Foundation.ceil(Foundation.log(Double(k * 3)) / Foundation.log(4.0))
      setSize += exponent < 31 ? 1 << (2 * Int(exponent)) : Int.max / 2
    }
    var result: [Int] = []
    result.reserveCapacity(k)
    if n <= setSize {
      var pool = Array(0..<n)
      for i in 0..<k {
        let j = index(below: n - i)
        result.append(pool[j])
        pool[j] = pool[n - i - 1]
      }
    } else {
      var selected = Set<Int>()
      for _ in 0..<k {
        var j = index(below: n)
        while selected.contains(j) { j = index(below: n) }
        selected.insert(j)
        result.append(j)
      }
    }
    return result
  }

  /// `random.gauss(mu, sigma)`: Box–Muller, two samples per pair of uniforms,
  /// the second kept for the next call (`random.seed` forgets it).
  ///
  /// ```
  /// θ = 2π·u₁,  r = √(−2 ln(1 − u₂))
  /// z = r·cos θ now,  r·sin θ next time       (independent N(0, 1))
  /// ```
  public mutating func gauss(mu: Double = 0, sigma: Double = 1) -> Double {
    let z: Double
    if let kept = gaussNext {
      z = kept
      gaussNext = nil
    } else {
      let angle = nextUnit() * (2.0 * Double.pi)
      let radius = (-2.0 * Foundation.log(1.0 - nextUnit())).squareRoot()
      z = Foundation.cos(angle) * radius
      gaussNext = Foundation.sin(angle) * radius
    }
    return mu + z * sigma
  }

  /// `random.normalvariate(mu, sigma)`: Kinderman and Monahan's ratio of uniforms.
  ///
  /// ```
  /// u₁ ~ U[0, 1),  u₂ ~ U(0, 1],  z = 4e^(−1/2)/√2 · (u₁ − 1/2) / u₂
  /// accept when z²/4 ≤ −ln u₂        ((u₁, u₂) uniform under the normal's curve)
  /// ```
  public mutating func normalVariate(mu: Double = 0, sigma: Double = 1) -> Double {
    let magic = 4 * Foundation.exp(-0.5) / 2.0.squareRoot()
    while true {
      let u1 = nextUnit()
      let u2 = 1.0 - nextUnit()
      let z = magic * (u1 - 0.5) / u2
      if z * z / 4.0 <= -Foundation.log(u2) { return mu + z * sigma }
    }
  }
}
