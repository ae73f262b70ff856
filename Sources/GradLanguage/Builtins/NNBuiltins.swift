// micrograd's nn (Neuron, Layer, MLP) and the two-moons data, on GradCore,
// and the `random` module (RandomModule.swift). They share the session's
// generator, CPython's Mersenne Twister, which starts from a fixed seed: a
// fresh session always builds the same model, and after `random.seed(n)` it
// builds the model micrograd builds in CPython after the same call.

import GradBase
import GradCore

enum NNBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "MLP", signature: "MLP(nin, [sizes], activation='relu', seed=None)",
      doc: "A multi-layer perceptron: nin inputs, one layer per size, the last layer linear. "
        + "Weights are uniform in (−1, 1) from the session's generator (see random.seed) or "
        + "from seed. Call it on a list of numbers or Values."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("MLP", positional: 2, 2, keywords: ["activation", "seed"])
      let nin = try args.positional[0].integer(for: "MLP")
      var sizes: [Int] = []
      for s in try interpreter.collect(args.positional[1]) {
        sizes.append(try s.integer(for: "MLP"))
      }
      let activation = try activationArgument(args)
      try checkParameterCount(inputSize: nin, layerSizes: sizes, "MLP")
      return try withGenerator(args, interpreter) { (g) throws(ReplError) in
        do throws(NNError) {
          return .object(
            MLPObject(try MLP(inputSize: nin, layerSizes: sizes, activation: activation, using: &g))
          )
        } catch { throw ReplError.value(error.message) }
      }
    }
    table.add(
      "Layer", signature: "Layer(nin, nout, activation='relu', seed=None)",
      doc: "nout neurons reading the same nin inputs."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("Layer", positional: 2, 2, keywords: ["activation", "seed"])
      let nin = try args.positional[0].integer(for: "Layer")
      let nout = try args.positional[1].integer(for: "Layer")
      let activation = try activationArgument(args)
      try checkParameterCount(inputSize: nin, layerSizes: [nout], "Layer")
      return try withGenerator(args, interpreter) { (g) throws(ReplError) in
        do throws(NNError) {
          return .object(
            LayerObject(
              try Layer(inputSize: nin, outputSize: nout, activation: activation, using: &g)))
        } catch { throw ReplError.value(error.message) }
      }
    }
    table.add(
      "Neuron", signature: "Neuron(nin, activation='relu', seed=None)",
      doc: "φ(b + Σ wᵢ·xᵢ) with nin weights uniform in (−1, 1) and b = 0."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("Neuron", positional: 1, 1, keywords: ["activation", "seed"])
      let nin = try args.positional[0].integer(for: "Neuron")
      let activation = try activationArgument(args)
      try checkParameterCount(inputSize: nin, layerSizes: [1], "Neuron")
      return try withGenerator(args, interpreter) { (g) throws(ReplError) in
        do throws(NNError) {
          return .object(
            NeuronObject(try Neuron(inputSize: nin, activation: activation, using: &g)))
        } catch { throw ReplError.value(error.message) }
      }
    }
    table.add(
      "moons", signature: "moons(n=100, noise=0.1, seed=None)",
      doc: "Two interleaving half circles: returns (X, y), X a list of [x1, x2] points and y "
        + "their labels −1 or +1. Without seed the points come from the session's generator."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("moons", positional: 0, 3, keywords: ["n", "noise", "seed"])
      let n = try args.argument(0, "n")?.integer(for: "moons") ?? 100
      guard n >= 0, n <= 1_000_000 else {
        throw ReplError.value("moons() n must be between 0 and 1,000,000, got \(n)")
      }
      let noise = try args.argument(1, "noise")?.number(for: "moons") ?? 0.1
      return try withGenerator(args, interpreter, seedPosition: 2) { (g) throws(ReplError) in
        let data = Moons(count: n, noise: noise, using: &g)
        let points = data.points.map { p in RValue.list(ListBox(p.map(RValue.float))) }
        let labels = data.labels.map { RValue.int($0 > 0 ? 1 : -1) }
        return .tuple([.list(ListBox(points)), .list(ListBox(labels))])
      }
    }
    table.add("random", value: .object(RandomModule.make()))
  }

  /// Networks here are for scalar autograd: refuse sizes whose weights would not fit.
  static let maximumParameters = 1_000_000

  /// Checks that Σ (fan-in + 1) · size over the layers stays within `maximumParameters`.
  private static func checkParameterCount(inputSize: Int, layerSizes: [Int], _ name: String)
    throws(ReplError)
  {
    var total = 0
    var fanIn = inputSize
    for size in layerSizes {
      guard fanIn > 0, size > 0 else { return }  // the network reports these itself
      let (perNeuron, o1) = fanIn.addingReportingOverflow(1)
      let (layer, o2) = perNeuron.multipliedReportingOverflow(by: size)
      let (sum, o3) = total.addingReportingOverflow(layer)
      guard !o1, !o2, !o3, sum <= maximumParameters else {
        throw ReplError.value(
          "\(name) would have more than \(maximumParameters) parameters; scalar Values are "
            + "for small networks")
      }
      total = sum
      fanIn = size
    }
  }

  private static func activationArgument(_ args: Arguments) throws(ReplError) -> Activation {
    guard let a = args.keyword("activation") else { return .relu }
    guard case .str(let name) = a, let activation = Activation(rawValue: name) else {
      throw ReplError.value("activation must be 'relu', 'tanh' or 'linear'")
    }
    return activation
  }

  /// Runs `body` with the session's generator, or with a generator of its own seeded by the
  /// `seed` argument: `seed=n` draws what `random.seed(n)` would, leaving the session's alone.
  private static func withGenerator(
    _ args: Arguments, _ interpreter: Interpreter, seedPosition: Int = Int.max,
    _ body: (inout MersenneTwister) throws(ReplError) -> RValue
  ) throws(ReplError) -> RValue {
    if let seed = args.argument(seedPosition, "seed"), !seed.isNone {
      var g = try RandomModule.generator(seededBy: seed)
      return try body(&g)
    }
    return try body(&interpreter.generator)
  }
}

// MARK: - Network objects

/// Converts call arguments to a network's input: a list of numbers or Values.
private func networkInput(_ args: Arguments, _ interpreter: Interpreter, _ name: String)
  throws(ReplError) -> [Value]
{
  try args.check(name, positional: 1)
  var inputs: [Value] = []
  for item in try interpreter.collect(args.positional[0]) {
    switch item {
    case .value(let v): inputs.append(v)
    case .int, .float, .bool: inputs.append(Value(item.asDouble ?? 0))
    default:
      throw ReplError.type("\(name) inputs must be numbers or Values, got '\(item.typeName)'")
    }
  }
  return inputs
}

/// micrograd returns the single Value when a layer has one output.
private func networkOutput(_ values: [Value]) -> RValue {
  values.count == 1 ? .value(values[0]) : .list(ListBox(values.map(RValue.value)))
}

private func parameterList(_ values: [Value]) -> RValue { .list(ListBox(values.map(RValue.value))) }

/// The methods Neuron, Layer and MLP share: their Values and clearing their grads.
private func networkRows<Network>(
  parameters: @escaping @Sendable (Network) -> [Value],
  zeroGrad: @escaping @Sendable (Network) -> Void
) -> [Member<Network>] {
  [
    .method("parameters", "parameters()", "every weight and bias, as Values") {
      (o, arguments, _) throws(ReplError) in
      try arguments.check("parameters", positional: 0)
      return parameterList(parameters(o))
    },
    .method("zero_grad", "zero_grad()", "sets the grads of the parameters to 0") {
      (o, arguments, _) throws(ReplError) in
      try arguments.check("zero_grad", positional: 0)
      zeroGrad(o)
      return RValue.none
    },
  ]
}

final class MLPObject: MemberTableObject {
  let model: MLP
  init(_ model: MLP) { self.model = model }

  var typeName: String { "MLP" }
  func repr() -> String { model.description }
  var summary: String {
    "MLP(\(model.inputSize), \(model.layers.map(\.outputSize))), "
      + "\(model.parameters().count) parameters"
  }
  var helpText: String {
    "MLP: call it on a list of nin numbers or Values; .parameters() lists every weight and "
      + "bias; .zero_grad() sets their grads to 0; .layers."
  }

  static let members = MemberTable<MLPObject>(
    networkRows(parameters: { $0.model.parameters() }, zeroGrad: { $0.model.zeroGrad() }) + [
      .attribute("layers", "the Layers, input side first") {
        .list(ListBox($0.model.layers.map { .object(LayerObject($0)) }))
      }
    ])

  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    let x = try networkInput(arguments, interpreter, "MLP")
    do { return networkOutput(try model(x)) } catch { throw ReplError.value(error.message) }
  }
}

final class LayerObject: MemberTableObject {
  let layer: Layer
  init(_ layer: Layer) { self.layer = layer }

  var typeName: String { "Layer" }
  func repr() -> String { layer.description }

  static let members = MemberTable<LayerObject>(
    networkRows(
      parameters: { $0.layer.parameters() }, zeroGrad: { $0.layer.parameters().zeroGrad() })
      + [
        .attribute("neurons", "the Neurons of the layer") {
          .list(ListBox($0.layer.neurons.map { .object(NeuronObject($0)) }))
        }
      ])

  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    let x = try networkInput(arguments, interpreter, "Layer")
    do { return networkOutput(try layer(x)) } catch { throw ReplError.value(error.message) }
  }
}

final class NeuronObject: MemberTableObject {
  let neuron: Neuron
  init(_ neuron: Neuron) { self.neuron = neuron }

  var typeName: String { "Neuron" }
  func repr() -> String { neuron.description }

  static let members = MemberTable<NeuronObject>(
    networkRows(
      parameters: { $0.neuron.parameters() }, zeroGrad: { $0.neuron.parameters().zeroGrad() })
      + [
        .attribute("w", "the weights, one Value per input") { parameterList($0.neuron.weights) },
        .attribute("b", "the bias Value") { .value($0.neuron.bias) },
      ])

  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    let x = try networkInput(arguments, interpreter, "Neuron")
    do { return .value(try neuron(x)) } catch { throw ReplError.value(error.message) }
  }
}
