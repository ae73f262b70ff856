// The tensor engine's randomness: one process-wide xoshiro256** generator
// (GradBase) behind randn, rand, randint and the initialisers.

import GradBase

/// The generator the tensor engine draws from.
public typealias TensorRandomGenerator = Xoshiro256StarStar

extension Xoshiro256StarStar {
  /// A standard normal sample (Box–Muller, as `gaussian()`): randn's and `Init.normal`'s draw.
  @inline(__always) mutating func nextNormal() -> Double { gaussian() }
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
