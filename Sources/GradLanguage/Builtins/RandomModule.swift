// The `random` module: CPython 3.11's functions on CPython's generator
// (`MersenneTwister`, in GradBase), so a seed gives the numbers Python gives.
// The session's generator is also where `MLP`, `Layer`, `Neuron` and `moons`
// draw from, so `random.seed(1337); MLP(2, [16, 16, 1])` is micrograd's model.

import GradBase

enum RandomModule {
  static func make() -> ModuleObject {
    var members: [String: RValue] = [:]
    func add(
      _ name: String, _ signature: String, _ doc: String,
      _ body: @escaping (Arguments, Interpreter) throws(ReplError) -> RValue
    ) {
      members[name] = .builtin(BuiltinFunction(name, signature: signature, doc: doc, body))
    }
    add(
      "seed", "seed(a=None)",
      "Restarts the session's generator (weights, data, draws) as CPython's random.seed(a) "
        + "does: an int, a str, or None for fresh entropy."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("seed", positional: 0, 1, keywords: ["a"])
      interpreter.generator = try generator(seededBy: args.argument(0, "a") ?? .none)
      return .none
    }
    add("random", "random()", "A float uniform in [0, 1), 53 random bits.") {
      (args, interpreter) throws(ReplError) in
      try args.check("random", positional: 0)
      return .float(interpreter.generator.random())
    }
    add("uniform", "uniform(a, b)", "a + (b − a)·random(): a float between a and b.") {
      (args, interpreter) throws(ReplError) in
      try args.check("uniform", positional: 0, 2, keywords: ["a", "b"])
      let a = try argument(args, 0, "a", "uniform").number(for: "uniform")
      let b = try argument(args, 1, "b", "uniform").number(for: "uniform")
      return .float(interpreter.generator.uniform(a, b))
    }
    add("getrandbits", "getrandbits(k)", "An int of k random bits (0 ≤ k ≤ 63 here).") {
      (args, interpreter) throws(ReplError) in
      try args.check("getrandbits", positional: 0, 1, keywords: ["k"])
      let k = try argument(args, 0, "k", "getrandbits").integer(for: "getrandbits")
      guard k >= 0 else { throw ReplError.value("number of bits must be non-negative") }
      guard k < 64 else {
        throw ReplError.overflow("getrandbits(\(k)) does not fit: integers here are 64-bit")
      }
      return .int(Int(interpreter.generator.bits(k)))
    }
    add(
      "randrange", "randrange(start, stop=None, step=1)",
      "An int picked uniformly from range(start, stop, step)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("randrange", positional: 0, 3, keywords: ["start", "stop", "step"])
      let start = try argument(args, 0, "start", "randrange").integer(for: "randrange")
      let stop = args.argument(1, "stop").flatMap { $0.isNone ? nil : $0 }
      let step = try args.argument(2, "step")?.integer(for: "randrange") ?? 1
      guard let stop else {
        guard args.argument(2, "step") == nil else {
          throw ReplError.type("Missing a non-None stop argument")
        }
        guard start > 0 else { throw ReplError.value("empty range for randrange()") }
        return .int(interpreter.generator.index(below: start))
      }
      return .int(
        try randrange(
          start, try stop.integer(for: "randrange"), step, using: &interpreter.generator))
    }
    add("randint", "randint(a, b)", "An int picked uniformly from a to b, both included.") {
      (args, interpreter) throws(ReplError) in
      try args.check("randint", positional: 0, 2, keywords: ["a", "b"])
      let a = try argument(args, 0, "a", "randint").integer(for: "randint")
      let b = try argument(args, 1, "b", "randint").integer(for: "randint")
      // randint(a, b) is randrange(a, b + 1).
      let (stop, overflow) = b.addingReportingOverflow(1)
      guard !overflow else { throw ReplError.overflow("randint(\(a), \(b)): b + 1 is too large") }
      return .int(try randrange(a, stop, 1, using: &interpreter.generator))
    }
    add("choice", "choice(seq)", "One item of a non-empty sequence, picked uniformly.") {
      (args, interpreter) throws(ReplError) in
      try args.check("choice", positional: 0, 1, keywords: ["seq"])
      let items = try interpreter.collect(try argument(args, 0, "seq", "choice"))
      guard !items.isEmpty else { throw ReplError.index("Cannot choose from an empty sequence") }
      return items[interpreter.generator.index(below: items.count)]
    }
    add("shuffle", "shuffle(x)", "Shuffles the list x in place (CPython's order of swaps).") {
      (args, interpreter) throws(ReplError) in
      try args.check("shuffle", positional: 0, 1, keywords: ["x"])
      let x = try argument(args, 0, "x", "shuffle")
      guard case .list(let box) = x else {
        throw ReplError.type("shuffle() needs a list, not '\(x.typeName)'")
      }
      interpreter.generator.shuffle(&box.items)
      return .none
    }
    add(
      "sample", "sample(population, k)",
      "A list of k distinct items of the population, in the order they were picked."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("sample", positional: 0, 2, keywords: ["population", "k"])
      let population = try argument(args, 0, "population", "sample")
      if case .object(let o) = population, o is SetObject {
        throw ReplError.type("Population must be a sequence.  For dicts or sets, use sorted(d).")
      }
      let items = try interpreter.collect(population)
      let k = try argument(args, 1, "k", "sample").integer(for: "sample")
      guard let picked = interpreter.generator.sampleIndices(populationSize: items.count, count: k)
      else { throw ReplError.value("Sample larger than population or is negative") }
      return .list(ListBox(picked.map { items[$0] }))
    }
    add(
      "gauss", "gauss(mu=0.0, sigma=1.0)",
      "A normal sample (Box–Muller, two at a time: every other call uses the kept one)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("gauss", positional: 0, 2, keywords: ["mu", "sigma"])
      let mu = try args.argument(0, "mu")?.number(for: "gauss") ?? 0
      let sigma = try args.argument(1, "sigma")?.number(for: "gauss") ?? 1
      return .float(interpreter.generator.gauss(mu: mu, sigma: sigma))
    }
    add(
      "normalvariate", "normalvariate(mu=0.0, sigma=1.0)",
      "A normal sample (Kinderman and Monahan's ratio of uniforms)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("normalvariate", positional: 0, 2, keywords: ["mu", "sigma"])
      let mu = try args.argument(0, "mu")?.number(for: "normalvariate") ?? 0
      let sigma = try args.argument(1, "sigma")?.number(for: "normalvariate") ?? 1
      return .float(interpreter.generator.normalVariate(mu: mu, sigma: sigma))
    }
    return ModuleObject(
      name: "random",
      doc: "CPython's random numbers (Mersenne Twister, CPython's seeding and algorithms): the "
        + "same seed gives the same numbers as Python. One generator per session, shared with "
        + "MLP, Layer, Neuron and moons.",
      members: members)
  }

  /// The generator `random.seed(a)` makes: CPython's seeding for an int or a str, fresh
  /// entropy for None.
  static func generator(seededBy a: RValue) throws(ReplError) -> MersenneTwister {
    switch a {
    case .none: return MersenneTwister.fromSystemEntropy()
    case .int(let n): return MersenneTwister(seed: n)
    case .bool(let b): return MersenneTwister(seed: b ? 1 : 0)
    case .str(let text): return MersenneTwister(seedText: text)
    default:
      throw ReplError.type("random.seed() takes an int, a str or None here, not '\(a.typeName)'")
    }
  }

  /// A required argument given by position or by keyword.
  private static func argument(
    _ args: Arguments, _ index: Int, _ name: String, _ function: String
  ) throws(ReplError) -> RValue {
    guard let value = args.argument(index, name) else {
      throw ReplError.type("\(function)() missing required argument: '\(name)'")
    }
    return value
  }

  /// CPython's `randrange(start, stop, step)` with an int step.
  ///
  /// ```
  /// n = ⌈(stop − start) / step⌉ items;  start + step · randbelow(n)
  /// ```
  static func randrange(
    _ start: Int, _ stop: Int, _ step: Int, using g: inout MersenneTwister
  ) throws(ReplError) -> Int {
    let (width, o1) = stop.subtractingReportingOverflow(start)
    guard !o1 else {
      throw ReplError.overflow("randrange(\(start), \(stop)): the range is too wide")
    }
    if step == 1 {
      guard width > 0 else {
        throw ReplError.value("empty range for randrange() (\(start), \(stop), \(width))")
      }
      return start &+ g.index(below: width)
    }
    guard step != 0 else { throw ReplError.value("zero step for randrange()") }
    // n = (width + step ∓ 1) // step, floor division: the count of start, start + step, …
    // before stop. Written with the quotient and remainder to stay inside 64 bits.
    let count = ceilingDivide(width, step)
    guard count > 0 else { throw ReplError.value("empty range for randrange()") }
    // start + step·j lies between start and stop, so it fits in 64 bits even when step·j
    // alone does not: wrapping arithmetic gives it exactly.
    return start &+ step &* g.index(below: count)
  }

  /// ⌈a / b⌉ for b ≠ 0, without overflow.
  private static func ceilingDivide(_ a: Int, _ b: Int) -> Int {
    guard b != -1 else { return a == Int.min ? Int.max : -a }
    let q = a / b
    let r = a % b
    // Swift's division truncates; round up when the exact quotient was positive.
    return r != 0 && (r > 0) == (b > 0) ? q + 1 : q
  }
}
