// `np.random`: NumPy's legacy functions (seed, rand, randn, randint, ...)
// over one Mersenne Twister per session, and `np.random.default_rng(seed)`
// generators of their own. The values differ from NumPy's (its seeding and
// its normal sampler are its own); the shapes, dtypes and distributions are
// NumPy's.

import Foundation
import GradBase
import GradLanguage
import GradTensor

/// A stream of random numbers with the samplers NumPy offers.
final class RandomStream {
  private var generator: MersenneTwister
  init(seed: Int?) {
    generator = seed.map { MersenneTwister(seed: $0) } ?? MersenneTwister.fromSystemEntropy()
  }

  func reseed(_ seed: Int?) {
    generator = seed.map { MersenneTwister(seed: $0) } ?? MersenneTwister.fromSystemEntropy()
  }

  /// Uniform in [0, 1) with 53 random bits.
  func unit() -> Double { generator.nextUnit() }

  /// N(0, 1) by Box–Muller: √(−2 ln u₁) · cos(2π u₂), with u₁ in (0, 1].
  func normal() -> Double {
    let u1 = 1 - unit()
    let u2 = unit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// Uniform integer in [low, high), without modulo bias (rejection sampling).
  func integer(_ low: Int64, _ high: Int64) -> Int64 {
    let span = UInt64(bitPattern: high &- low)
    guard span > 0 else { return low }
    let limit = UInt64.max - UInt64.max % span
    var draw = generator.next()
    while draw >= limit { draw = generator.next() }
    return low &+ Int64(bitPattern: draw % span)
  }

  /// A uniformly random order of 0..<n (Fisher–Yates).
  func permutation(_ n: Int) -> [Int] {
    var order = Array(0..<n)
    if n > 1 {
      for i in stride(from: n - 1, to: 0, by: -1) {
        let j = Int(integer(0, Int64(i + 1)))
        order.swapAt(i, j)
      }
    }
    return order
  }
}

enum NumpyRandom {
  /// The `numpy.random` module, with its own stream for this session.
  static func module() -> ModuleObject {
    let stream = RandomStream(seed: nil)
    var m = TorchBuiltins.Members()
    m.add("seed", "seed(seed=None)", "Restarts the stream of np.random from a seed.") {
      (args, _) throws(ReplError) in
      try args.check("seed", positional: 0, 1)
      let seed = try args.positional.first.flatMap { (v) throws(ReplError) -> Int? in
        v.isNone ? nil : try v.integer(for: "seed")
      }
      stream.reseed(seed)
      return .none
    }
    m.add("rand", "rand(d0, d1, ...)", "Samples uniform in [0, 1) of the given shape.") {
      (args, _) throws(ReplError) in
      try args.check("rand", positional: 0, Int.max)
      return try sample(try args.shape("rand"), stream.unit)
    }
    m.add("randn", "randn(d0, d1, ...)", "Samples of the standard normal N(0, 1).") {
      (args, _) throws(ReplError) in
      try args.check("randn", positional: 0, Int.max)
      return try sample(try args.shape("randn"), stream.normal)
    }
    for name in ["random", "random_sample"] {
      m.add(name, "\(name)(size=None)", "Samples uniform in [0, 1).") {
        (args, _) throws(ReplError) in
        try args.check(name, positional: 0, 1, keywords: ["size"])
        return try sample(try sizeArgument(args.argument(0, "size"), name), stream.unit)
      }
    }
    addCommon(&m, stream, integerName: "randint")
    m.add(
      "default_rng", "default_rng(seed=None)",
      "A generator of its own: .random(), .normal(), .integers(), .uniform(), .choice()."
    ) { (args, _) throws(ReplError) in
      try args.check("default_rng", positional: 0, 1)
      let seed = try args.positional.first.flatMap { (v) throws(ReplError) -> Int? in
        v.isNone ? nil : try v.integer(for: "default_rng")
      }
      return .object(RandomGeneratorObject(seed: seed))
    }
    return ModuleObject(
      name: "numpy.random", doc: "Random samples as arrays (seed with np.random.seed).",
      members: m.values)
  }

  /// The samplers NumPy's legacy module and its generators share.
  static func addCommon(
    _ m: inout TorchBuiltins.Members, _ stream: RandomStream, integerName: String
  ) {
    m.add(
      "normal", "normal(loc=0.0, scale=1.0, size=None)", "Samples of N(loc, scale²)."
    ) { (args, _) throws(ReplError) in
      try args.check("normal", positional: 0, 3, keywords: ["loc", "scale", "size"])
      let loc = try args.argument(0, "loc")?.number(for: "normal") ?? 0
      let scale = try args.argument(1, "scale")?.number(for: "normal") ?? 1
      guard scale >= 0 else { throw ReplError.value("scale < 0") }
      return try sample(try sizeArgument(args.argument(2, "size"), "normal")) {
        loc + scale * stream.normal()
      }
    }
    m.add(
      "uniform", "uniform(low=0.0, high=1.0, size=None)", "Samples uniform in [low, high)."
    ) { (args, _) throws(ReplError) in
      try args.check("uniform", positional: 0, 3, keywords: ["low", "high", "size"])
      let low = try args.argument(0, "low")?.number(for: "uniform") ?? 0
      let high = try args.argument(1, "high")?.number(for: "uniform") ?? 1
      return try sample(try sizeArgument(args.argument(2, "size"), "uniform")) {
        low + (high - low) * stream.unit()
      }
    }
    m.add(
      integerName, "\(integerName)(low, high=None, size=None)",
      "Integers uniform in [low, high) (in [0, low) when high is left out), as int64."
    ) { (args, _) throws(ReplError) in
      try args.check(integerName, positional: 1, 3, keywords: ["low", "high", "size", "dtype"])
      let first = try args.argument(0, "low")?.integer(for: integerName) ?? 0
      let second = try args.argument(1, "high").flatMap { (v) throws(ReplError) -> Int? in
        v.isNone ? nil : try v.integer(for: integerName)
      }
      let (low, high) = second.map { (first, $0) } ?? (0, first)
      guard low < high else { throw NumpyMessages.randomRange(low, high) }
      let shape = try sizeArgument(args.argument(2, "size"), integerName)
      try checkCount(shape, integerName)
      let values = (0..<shape.reduce(1, *)).map { _ in stream.integer(Int64(low), Int64(high)) }
      return try wrapResult(NDData(dtype: .int64, shape: shape, values: .int(values)))
    }
    m.add(
      "permutation", "permutation(x)",
      "A shuffled copy of x (or of arange(x) for an int), along its first axis."
    ) { (args, _) throws(ReplError) in
      try args.check("permutation", positional: 1, 1)
      if case .int(let n) = args.positional[0] {
        guard n >= 0 else { throw ReplError.value("negative dimensions are not allowed") }
        try checkListSize(n, "permutation")
        return try wrapArray(
          NDData(dtype: .int64, shape: [n], values: .int(stream.permutation(n).map { Int64($0) })))
      }
      let a = try arrayData(args.positional[0], "permutation")
      guard let rows = a.shape.first else {
        throw ReplError.value("x must be an integer or at least 1-dimensional")
      }
      return try wrapArray(shuffledRows(a, stream.permutation(rows)))
    }
    m.add("shuffle", "shuffle(x)", "Shuffles the array x in place along its first axis.") {
      (args, _) throws(ReplError) in
      try args.check("shuffle", positional: 1, 1)
      guard let a = args.positional[0].ndarray, let rows = a.shape.first else {
        throw ReplError.type("shuffle(): expected an array of at least one dimension")
      }
      try store(shuffledRows(a.data, stream.permutation(rows)), into: a.tensor)
      return .none
    }
    m.add(
      "choice", "choice(a, size=None, replace=True, p=None)",
      "Samples from the elements of a (or from arange(a) for an int), with probabilities p."
    ) { (args, _) throws(ReplError) in
      try args.check("choice", positional: 1, 4, keywords: ["size", "replace", "p"])
      let population: NDData
      if case .int(let n) = args.positional[0] {
        guard n >= 0 else {
          throw ReplError.value("a must be a positive integer unless no samples are taken")
        }
        try checkListSize(n, "choice")
        population = NDData(dtype: .int64, shape: [n], values: .int((0..<n).map { Int64($0) }))
      } else {
        population = try arrayData(args.positional[0], "choice")
        guard population.shape.count == 1 else { throw ReplError.value("a must be 1-dimensional") }
      }
      let n = population.count
      let shape = try sizeArgument(args.argument(1, "size"), "choice")
      let count = shape.reduce(1, *)
      try checkCount(shape, "choice")
      let replace = args.argument(2, "replace")?.isTruthy ?? true
      var weights: [Double]?
      if let p = args.argument(3, "p"), !p.isNone {
        let w = try arrayData(p, "choice").doubles
        guard w.count == n, w.allSatisfy({ $0 >= 0 }), abs(w.reduce(0, +) - 1) < 1e-8 else {
          throw NumpyMessages.probabilities
        }
        weights = w
      }
      if n == 0 && count > 0 { throw NumpyMessages.choiceEmpty }
      var picks: [Int] = []
      if replace {
        for _ in 0..<count {
          if let w = weights {
            // Inverse of the cumulative distribution: the first index whose running sum
            // passes a uniform draw.
            let u = stream.unit()
            var running = 0.0
            var k = n - 1
            for (i, x) in w.enumerated() {
              running += x
              if u < running {
                k = i
                break
              }
            }
            picks.append(k)
          } else {
            picks.append(Int(stream.integer(0, Int64(n))))
          }
        }
      } else {
        guard count <= n else { throw NumpyMessages.choiceTooMany }
        if var w = weights {
          for _ in 0..<count {
            let total = w.reduce(0, +)
            let u = stream.unit() * total
            var running = 0.0
            var k = w.lastIndex { $0 > 0 } ?? 0
            for (i, x) in w.enumerated() where x > 0 {
              running += x
              if u < running {
                k = i
                break
              }
            }
            picks.append(k)
            w[k] = 0
          }
        } else {
          picks = Array(stream.permutation(n).prefix(count))
        }
      }
      return try wrapResult(population.gathered(picks, shape: shape))
    }
  }

  /// An array of `shape` drawn from `draw` (a float64 scalar for shape `[]`).
  static func sample(_ shape: [Int], _ draw: () -> Double) throws(ReplError) -> RValue {
    try checkCount(shape, "random")
    let values = (0..<shape.reduce(1, *)).map { _ in draw() }
    return try wrapResult(NDData(shape: shape, doubles: values, dtype: .float64))
  }

  /// `size=`: None (one number), an int or a tuple of ints.
  static func sizeArgument(_ v: RValue?, _ function: String) throws(ReplError) -> [Int] {
    guard let v, !v.isNone else { return [] }
    return try dimensions(v, function)
  }

  /// The rows of `a` in the given order.
  static func shuffledRows(_ a: NDData, _ order: [Int]) -> NDData {
    let inner = a.count / max(a.shape[0], 1)
    return a.gathered(order.flatMap { r in (0..<inner).map { r * inner + $0 } }, shape: a.shape)
  }
}

/// `np.random.default_rng(seed)`: a generator with `random`, `normal`, `integers`, `uniform`,
/// `choice`, `permutation` and `shuffle`.
final class RandomGeneratorObject: RuntimeObject {
  private let functions: [String: RValue]
  init(seed: Int?) {
    let stream = RandomStream(seed: seed)
    var m = TorchBuiltins.Members()
    m.add("random", "random(size=None)", "Samples uniform in [0, 1).") {
      (args, _) throws(ReplError) in
      try args.check("random", positional: 0, 1, keywords: ["size", "dtype"])
      return try NumpyRandom.sample(
        try NumpyRandom.sizeArgument(args.argument(0, "size"), "random"), stream.unit)
    }
    m.add("standard_normal", "standard_normal(size=None)", "Samples of N(0, 1).") {
      (args, _) throws(ReplError) in
      try args.check("standard_normal", positional: 0, 1, keywords: ["size"])
      return try NumpyRandom.sample(
        try NumpyRandom.sizeArgument(args.argument(0, "size"), "standard_normal"), stream.normal)
    }
    NumpyRandom.addCommon(&m, stream, integerName: "integers")
    functions = m.values
  }

  var typeName: String { "numpy.random.Generator" }
  func repr() -> String { "Generator(MT19937)" }
  var attributeNames: [String] { functions.keys.sorted() }
  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    functions[name]
  }
}
