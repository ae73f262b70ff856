// A small seedable generator: xoshiro256** seeded through SplitMix64.
import Foundation

/// xoshiro256**: 256 bits of state, period 2²⁵⁶ − 1, fast and statistically strong enough for
/// initialising weights and sampling. Seeded by SplitMix64 so any 64-bit seed gives a good
/// state.
public struct TensorRandomGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  public mutating func next() -> UInt64 {
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

  /// Uniform in [0, 1) with 53 random bits.
  @inline(__always) mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Standard normal by the Box–Muller transform:
  ///
  /// ```
  /// z = √(−2 ln u₁) · cos(2π u₂),   u₁ ∈ (0, 1], u₂ ∈ [0, 1)
  /// ```
  mutating func nextNormal() -> Double {
    let u1 = 1 - nextUnit()
    let u2 = nextUnit()
    return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
  }
}

/// The process-wide generator behind `randn`, `rand`, `randint` and the initialisers.
enum GlobalRandom {
  static let generator = Locked(TensorRandomGenerator(seed: 0x5EED))

  static func with<R>(_ body: (inout TensorRandomGenerator) throws -> R) rethrows -> R {
    try generator.withLock(body)
  }
}

/// Reseeds the global generator (PyTorch's `torch.manual_seed`): the same seed gives the same
/// sequence of random tensors. The sequences differ from PyTorch's own generator.
public func manualSeed(_ seed: UInt64) {
  GlobalRandom.generator.value = TensorRandomGenerator(seed: seed)
}

@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
