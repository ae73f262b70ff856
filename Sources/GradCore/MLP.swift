// micrograd's nn: a neuron, a layer of neurons, a multi-layer perceptron.
//
//   neuron(x) = φ(b + Σᵢ wᵢ·xᵢ)        φ = relu or tanh; identity in the last layer
//
// Weights start uniform in (−1, 1) from a seeded generator, biases at 0, so
// a seed fixes the model. The draws come in micrograd's order (neuron by
// neuron, layer by layer, each neuron's nin weights then no draw for its
// bias), so with `MersenneTwister`, CPython's generator, `seed: 1337` gives
// the weights micrograd's `MLP` gets after `random.seed(1337)`.

import GradBase

/// The nonlinearity φ applied by a neuron.
public enum Activation: String, Sendable, CaseIterable {
  case relu, tanh, linear

  func apply(_ x: Value) -> Value {
    switch self {
    case .relu: x.relu()
    case .tanh: x.tanh()
    case .linear: x
    }
  }
}

/// A network was asked for something its shape cannot do.
public struct NNError: Error, Equatable, CustomStringConvertible {
  /// What went wrong and how to fix it.
  public let message: String

  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// One neuron: a weighted sum of its inputs plus a bias, through φ.
public struct Neuron: CustomStringConvertible {
  public let weights: [Value]
  public let bias: Value
  public let activation: Activation

  /// A neuron with `inputSize` weights drawn uniform in (−1, 1).
  public init<Generator: SeededRandomNumberGenerator>(
    inputSize: Int, activation: Activation = .relu, using generator: inout Generator
  ) throws(NNError) {
    guard inputSize > 0 else {
      throw NNError("a neuron needs at least one input, got inputSize=\(inputSize)")
    }
    self.init(validInputSize: inputSize, activation: activation, using: &generator)
  }

  init<Generator: SeededRandomNumberGenerator>(
    validInputSize: Int, activation: Activation, using generator: inout Generator
  ) {
    // micrograd: w = [Value(random.uniform(-1, 1)) for _ in range(nin)]; b = Value(0).
    weights = (0..<validInputSize).map { _ in Value(generator.uniform(-1, 1)) }
    bias = Value(0)
    self.activation = activation
  }

  public var inputSize: Int { weights.count }

  /// φ(b + Σᵢ wᵢ·xᵢ), summed in micrograd's order: ((b + w₀x₀) + w₁x₁) + …
  public func callAsFunction(_ x: [Value]) throws(NNError) -> Value {
    guard x.count == weights.count else {
      throw NNError("this neuron takes \(weights.count) inputs, got \(x.count)")
    }
    return forward(x)
  }

  func forward(_ x: [Value]) -> Value {
    activation.apply(Tape.withLocal { weightedSum(x, on: $0) })
  }

  /// b + Σᵢ wᵢ·xᵢ, node for node as `bias + w[0] * x[0] + w[1] * x[1] …`
  /// would build it (a `*` and a `+` node per weight), but written straight
  /// onto the tape: only the result becomes a Value, which spares two
  /// reference-count updates per node on the hottest path of training.
  private func weightedSum(_ x: [Value], on tape: Tape) -> Value {
    // The running sum's block, held strongly; later blocks refer to earlier ones.
    var sumBlock = bias.block
    var sumNode = bias.node
    weights.withUnsafeBufferPointer { w in
      x.withUnsafeBufferPointer { x in
        for i in 0..<min(w.count, x.count) {
          let (wi, xi) = (w[i].node, x[i].node)
          let (a, b) = (wi.pointee.data, xi.pointee.data)
          // w·x: ∂/∂w = x, ∂/∂x = w.
          let (productBlock, product) = tape.append(
            Node(data: a * b, op: .mul, lhs: wi, lhsLocal: b, rhs: xi, rhsLocal: a),
            lhsBlock: .passUnretained(w[i].block), rhsBlock: .passUnretained(x[i].block))
          // s + w·x: ∂/∂s = 1, ∂/∂(w·x) = 1.
          let (block, sum) = tape.append(
            Node(
              data: sumNode.pointee.data + product.pointee.data, op: .add,
              lhs: sumNode, lhsLocal: 1, rhs: product, rhsLocal: 1),
            lhsBlock: .passUnretained(sumBlock), rhsBlock: productBlock)
          if block.toOpaque() != Unmanaged.passUnretained(sumBlock).toOpaque() {
            sumBlock = block.takeUnretainedValue()
          }
          sumNode = sum
        }
      }
    }
    return Value(block: sumBlock, node: sumNode)
  }

  /// The weights, then the bias.
  public func parameters() -> [Value] { weights + [bias] }

  public var description: String { "\(activation.rawValue.capitalized)Neuron(\(weights.count))" }
}

/// A layer: `outputSize` neurons reading the same inputs.
public struct Layer: CustomStringConvertible {
  public let neurons: [Neuron]

  public init<Generator: SeededRandomNumberGenerator>(
    inputSize: Int, outputSize: Int, activation: Activation = .relu,
    using generator: inout Generator
  ) throws(NNError) {
    guard outputSize > 0 else {
      throw NNError("a layer needs at least one neuron, got outputSize=\(outputSize)")
    }
    guard inputSize > 0 else {
      throw NNError("a layer needs at least one input, got inputSize=\(inputSize)")
    }
    self.init(
      validInputSize: inputSize, outputSize: outputSize, activation: activation,
      using: &generator)
  }

  init<Generator: SeededRandomNumberGenerator>(
    validInputSize: Int, outputSize: Int, activation: Activation,
    using generator: inout Generator
  ) {
    neurons = (0..<outputSize).map { _ in
      Neuron(validInputSize: validInputSize, activation: activation, using: &generator)
    }
  }

  public var inputSize: Int { neurons.first?.inputSize ?? 0 }
  public var outputSize: Int { neurons.count }

  public func callAsFunction(_ x: [Value]) throws(NNError) -> [Value] {
    guard x.count == inputSize else {
      throw NNError("this layer takes \(inputSize) inputs, got \(x.count)")
    }
    return forward(x)
  }

  func forward(_ x: [Value]) -> [Value] { neurons.map { $0.forward(x) } }

  public func parameters() -> [Value] { neurons.flatMap { $0.parameters() } }

  public var description: String {
    "Layer of [\(neurons.map(\.description).joined(separator: ", "))]"
  }
}

/// A multi-layer perceptron; the last layer is linear (micrograd's convention).
///
/// ```
/// var rng = MersenneTwister(seed: 1337)   // CPython's random.seed(1337)
/// let model = try MLP(inputSize: 2, layerSizes: [16, 16, 1], using: &rng)
/// let score = try model([0.5, -1.0])[0]
/// ```
public struct MLP: CustomStringConvertible {
  public let layers: [Layer]

  /// - Parameters:
  ///   - inputSize: numbers per input.
  ///   - layerSizes: neurons per layer, the last being the output size.
  ///   - activation: φ of every layer but the last.
  ///   - generator: where the initial weights come from.
  public init<Generator: SeededRandomNumberGenerator>(
    inputSize: Int, layerSizes: [Int], activation: Activation = .relu,
    using generator: inout Generator
  ) throws(NNError) {
    guard !layerSizes.isEmpty else { throw NNError("an MLP needs at least one layer size") }
    guard inputSize > 0 else {
      throw NNError("an MLP needs at least one input, got inputSize=\(inputSize)")
    }
    if let bad = layerSizes.first(where: { $0 <= 0 }) {
      throw NNError("every layer needs at least one neuron, got a layer size of \(bad)")
    }
    self.init(
      validInputSize: inputSize, layerSizes: layerSizes, activation: activation,
      using: &generator)
  }

  /// Builds the layers; the sizes were checked to be positive.
  init<Generator: SeededRandomNumberGenerator>(
    validInputSize: Int, layerSizes: [Int], activation: Activation,
    using generator: inout Generator
  ) {
    var made: [Layer] = []
    var fanIn = validInputSize
    for (k, size) in layerSizes.enumerated() {
      let phi: Activation = k == layerSizes.count - 1 ? .linear : activation
      made.append(
        Layer(validInputSize: fanIn, outputSize: size, activation: phi, using: &generator))
      fanIn = size
    }
    layers = made
    // Parameters live as long as the model: give the graphs built from them
    // blocks of their own (see `TapeStatistics.startNewBlock`).
    TapeStatistics.startNewBlock()
  }

  /// An MLP whose weights come from `MersenneTwister(seed: seed)`: micrograd's weights
  /// after CPython's `random.seed(seed)`.
  public init(
    inputSize: Int, layerSizes: [Int], activation: Activation = .relu, seed: UInt64
  ) throws(NNError) {
    var generator = MersenneTwister(seed: seed)
    try self.init(
      inputSize: inputSize, layerSizes: layerSizes, activation: activation, using: &generator)
  }

  public var inputSize: Int { layers.first?.inputSize ?? 0 }
  public var outputSize: Int { layers.last?.outputSize ?? 0 }

  public func callAsFunction(_ x: [Value]) throws(NNError) -> [Value] {
    guard x.count == inputSize else {
      throw NNError("this MLP takes \(inputSize) inputs, got \(x.count)")
    }
    return forward(x)
  }

  /// Numbers become fresh leaves first (once, not once per neuron).
  public func callAsFunction(_ x: [Double]) throws(NNError) -> [Value] {
    try self(x.map { Value($0) })
  }

  func forward(_ x: [Value]) -> [Value] {
    var h = x
    for layer in layers { h = layer.forward(h) }
    return h
  }

  /// Every weight and bias, layer by layer.
  public func parameters() -> [Value] { layers.flatMap { $0.parameters() } }

  /// Sets every parameter's gradient to 0.
  public func zeroGrad() { parameters().zeroGrad() }

  public var description: String {
    "MLP of [\(layers.map(\.description).joined(separator: ", "))]"
  }
}
