// RNN, leaky RNN, LSTM and GRU language models: embedding → stacked recurrent layers → linear
// decoder, as PyTorch's word_language_model (untied weights).
//
// Shape key: T time steps, B batch, E embedding size, H hidden units, V vocabulary, L layers.
//
//   e_t = C[w_t]                                 [B, E]
//   h_t^(1) = cell(h_{t−1}^(1), e_t), h_t^(l) = cell(h_{t−1}^(l), h_t^(l−1))
//   y_t = W_yh·h_t^(L) + b_y                     [B, V]   logits
import GradTensor

/// The recurrent state of a whole model between chunks: one `LayerState` per layer.
public struct RecurrentState {
  public var layers: [LayerState]

  public init(layers: [LayerState]) { self.layers = layers }

  /// The same state cut out of the graph (truncated BPTT keeps the values, not the history).
  public func detached() -> RecurrentState {
    RecurrentState(
      layers: layers.map { LayerState(hidden: $0.hidden.detach(), cell: $0.cell?.detach()) })
  }
}

/// A recurrent language model (RNN, leaky RNN, LSTM or GRU) with fused layers.
public final class RecurrentLanguageModel: LanguageModel {
  public let configuration: ModelConfiguration
  public var isTraining = true

  /// C [V, E]: the embedding (one row per word).
  public let embedding: Tensor
  /// W_yh [V, H]: the decoder from the last layer's state to the logits.
  public let outputWeight: Tensor
  /// b_y [V].
  public let outputBias: Tensor
  let layers: [RecurrentLayer]
  /// Dropout masks drawn so far. Mask k comes from its own stream of the seeded generator, so
  /// saving this count (checkpoints do) lets a resumed run draw the same masks as an
  /// uninterrupted one.
  public var dropoutDraws: UInt64 = 0

  /// Builds the model with seeded initial weights: C and W_yh ~ U(−0.1, 0.1) and b_y = 0 (as
  /// word_language_model), recurrent weights ~ U(−1/√H, 1/√H) (as `nn.LSTM`).
  public init(_ configuration: ModelConfiguration) throws {
    try configuration.validate()
    let c = configuration
    guard let cell = c.kind.cellKind else {
      throw ModelError.invalidArgument("an NPLM is built with NPLM(_:), not as a recurrent model")
    }
    self.configuration = c
    let dtype = try c.elementType()
    var generator = SeededGenerator(seed: c.seed, stream: 0x524E_4E)
    embedding = try uniformTensor(
      [c.vocabularySize, c.embeddingSize], bound: 0.1, dtype, &generator)
    var layers: [RecurrentLayer] = []
    for l in 0..<c.layerCount {
      layers.append(
        try RecurrentLayer(
          kind: cell, nonlinearity: c.nonlinearity, leak: c.leak,
          inputSize: l == 0 ? c.embeddingSize : c.hiddenSize, hiddenSize: c.hiddenSize,
          dtype: dtype, generator: &generator))
    }
    self.layers = layers
    outputWeight = try uniformTensor(
      [c.vocabularySize, c.hiddenSize], bound: 0.1, dtype, &generator)
    outputBias = try Tensor.zeros([c.vocabularySize], dtype: dtype)
    try markParametersTrainable()
  }

  public func namedParameters() -> [(name: String, tensor: Tensor)] {
    var out: [(name: String, tensor: Tensor)] = [("C", embedding)]
    for (l, layer) in layers.enumerated() {
      out += layer.namedParameters(prefix: "layers.\(l).")
    }
    out += [("W_yh", outputWeight), ("b_y", outputBias)]
    return out
  }

  public var parameterTable: [ParameterInfo] {
    let gates: String
    switch configuration.kind {
    case .lstm: gates = " (gates i, f, C̃, o)"
    case .gru: gates = " (gates r, z, h̃)"
    default: gates = ""
    }
    return namedParameters().map { entry in
      let symbol = entry.name.split(separator: ".").last.map(String.init) ?? entry.name
      let role: String
      switch symbol {
      case "C": role = "word embeddings"
      case "W_xh": role = "input → hidden" + gates
      case "W_hh": role = "hidden → hidden" + gates
      case "b_xh": role = "input-side bias" + gates
      case "b_hh": role = "recurrent-side bias" + gates
      case "W_yh": role = "hidden → output"
      default: role = "output bias"
      }
      return ParameterInfo(
        name: entry.name, shape: entry.tensor.shape, count: entry.tensor.count, role: role)
    }
  }

  public var description: String {
    let c = configuration
    var title =
      "\(c.kind.rawValue.uppercased()) language model: |V| = \(c.vocabularySize), "
      + "E = \(c.embeddingSize), H = \(c.hiddenSize), \(c.layerCount) layer"
      + (c.layerCount == 1 ? "" : "s")
    if c.kind == .rnn || c.kind == .leakyRNN { title += ", φ = \(c.nonlinearity.rawValue)" }
    if c.kind == .leakyRNN { title += ", α = \(c.leak)" }
    if c.dropout > 0 { title += ", dropout \(c.dropout)" }
    return formatParameterTable(parameterTable, title: title)
  }

  /// A zero state for `batchSize` sequences.
  public func initialState(batchSize: Int) throws -> RecurrentState {
    RecurrentState(layers: try layers.map { try $0.zeroState(batchSize: batchSize) })
  }

  /// Logits for a chunk of T steps of B sequences.
  ///
  /// - Parameters:
  ///   - inputs: token ids [T, B] (row t holds step t of every sequence).
  ///   - state: the state carried from the previous chunk (nil: zeros).
  /// - Returns: logits [T·B, V] (row t·B + b is step t of sequence b) and the final state,
  ///   detached.
  public func forward(inputs: Tensor, state: RecurrentState? = nil) throws -> (
    logits: Tensor, state: RecurrentState
  ) {
    try forward(inputs: inputs, state: state, stateGradients: nil)
  }

  /// Token ids as a Swift array of T·B entries, row-major [T, B].
  public func forward(inputs: [TokenID], steps: Int, batchSize: Int, state: RecurrentState? = nil)
    throws -> (logits: Tensor, state: RecurrentState)
  {
    guard steps >= 1, batchSize >= 1, inputs.count == steps * batchSize else {
      throw ModelError.invalidArgument(
        "recurrent model: \(inputs.count) ids do not fill \(steps) steps × \(batchSize) sequences")
    }
    let ids = try Tensor(inputs.map { Int64($0) }, shape: [steps, batchSize])
    return try forward(inputs: ids, state: state)
  }

  func forward(
    inputs: Tensor, state: RecurrentState?, stateGradients: ((Int, Tensor) -> Void)?
  ) throws -> (logits: Tensor, state: RecurrentState) {
    guard inputs.ndim == 2 else {
      throw ModelError.invalidArgument(
        "recurrent model: inputs must have shape [steps, batch], got \(inputs.shape)")
    }
    try checkTokenRange(inputs, vocabularySize: configuration.vocabularySize)
    let T = inputs.shape[0]
    let B = inputs.shape[1]
    let start = try state ?? initialState(batchSize: B)
    guard start.layers.count == layers.count else {
      throw ModelError.invalidArgument(
        "recurrent model: the state has \(start.layers.count) layers, the model \(layers.count)")
    }
    let p = isTraining ? configuration.dropout : 0
    var generator = SeededGenerator(seed: configuration.seed ^ 0x4452_4F50, stream: dropoutDraws)
    if p > 0 { dropoutDraws &+= 1 }
    var x = try GradTensor.embedding(inputs.long(), embedding)  // [T, B, E]
    x = try dropout(x, probability: p, generator: &generator)
    var finals: [LayerState] = []
    for (l, layer) in layers.enumerated() {
      let result: (output: Tensor, state: LayerState)
      if let stateGradients {
        result = try layer.forward(x, state: start.layers[l]) { stateGradients(l, $0) }
      } else {
        result = try layer.forward(x, state: start.layers[l])
      }
      finals.append(result.state)
      x = try dropout(result.output, probability: p, generator: &generator)  // [T, B, H]
    }
    let flat = try x.reshape([T * B, configuration.hiddenSize])
    let logits = try linear(flat, weight: outputWeight, bias: outputBias)  // [T·B, V]
    return (logits, RecurrentState(layers: finals))
  }
}
