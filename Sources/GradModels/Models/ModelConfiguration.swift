// What a model is: its kind and sizes, saved in checkpoints as JSON.
import GradTensor

/// The lecture's language models.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
  /// Bengio et al. 2003: a window of N − 1 words through a shared embedding and a tanh layer.
  case nplm
  /// Vanilla (Elman) recurrent network with tanh or ReLU.
  case rnn
  /// Recurrent network whose state leaks: h_t = α·h_{t−1} + (1 − α)·φ(…).
  case leakyRNN = "leaky-rnn"
  /// Long short-term memory (forget, input, candidate, output gates; cell state C).
  case lstm
  /// Gated recurrent unit (update and reset gates).
  case gru

  /// True for the models that read a sequence with a hidden state (all but NPLM).
  public var isRecurrent: Bool { self != .nplm }
}

/// Everything needed to build a model again: kind, sizes, options and the seed of its
/// initial weights.
public struct ModelConfiguration: Codable, Equatable, Sendable {
  public var kind: ModelKind
  /// |V|: rows of the embedding and outputs of the softmax.
  public var vocabularySize: Int
  /// m: dimension of each word's embedding (a row of C).
  public var embeddingSize: Int
  /// h: hidden units (per layer for recurrent models).
  public var hiddenSize: Int
  /// Recurrent layers stacked (1 for NPLM).
  public var layerCount: Int
  /// NPLM only: the N − 1 words of context.
  public var contextSize: Int
  /// NPLM only: whether the direct connection W (embeddings straight to the output) exists.
  public var directConnection: Bool
  /// RNN and leaky RNN: φ, tanh or ReLU (`Nonlinearity.languageModelChoices`).
  public var nonlinearity: Nonlinearity
  /// Leaky RNN: α, the share of the old state kept each step (0 is a vanilla RNN).
  public var leak: Double
  /// Probability of zeroing an activation during training (embeddings, between layers, before
  /// the output), as in PyTorch's word_language_model; 0 switches dropout off.
  public var dropout: Double
  /// Element type of the weights: float32 for training, float64 for gradient checks.
  public var dtype: String
  /// Seed of the initial weights and of the dropout masks.
  public var seed: UInt64

  public init(
    kind: ModelKind, vocabularySize: Int, embeddingSize: Int = 64, hiddenSize: Int = 128,
    layerCount: Int = 1, contextSize: Int = 3, directConnection: Bool = true,
    nonlinearity: Nonlinearity = .tanh, leak: Double = 0.5, dropout: Double = 0,
    dtype: DType = .float32, seed: UInt64 = 1
  ) {
    self.kind = kind
    self.vocabularySize = vocabularySize
    self.embeddingSize = embeddingSize
    self.hiddenSize = hiddenSize
    self.layerCount = layerCount
    self.contextSize = contextSize
    self.directConnection = directConnection
    self.nonlinearity = nonlinearity
    self.leak = leak
    self.dropout = dropout
    self.dtype = dtype.rawValue
    self.seed = seed
  }

  /// The lecture's NPLM: m = 64, h = 128, a context of 3 words, direct connection on.
  public static func nplm(vocabularySize: Int) -> ModelConfiguration {
    ModelConfiguration(kind: .nplm, vocabularySize: vocabularySize)
  }

  /// PyTorch word_language_model's default LSTM: 2 layers of 200, embeddings of 200,
  /// dropout 0.2.
  public static func lstm(vocabularySize: Int) -> ModelConfiguration {
    ModelConfiguration(
      kind: .lstm, vocabularySize: vocabularySize, embeddingSize: 200, hiddenSize: 200,
      layerCount: 2, dropout: 0.2)
  }

  /// The element type, or an error naming the accepted ones.
  public func elementType() throws -> DType {
    guard let t = DType(rawValue: dtype), t.isFloatingPoint else {
      throw ModelError.invalidArgument(
        "dtype '\(dtype)' is not supported by the models: use float32 or float64")
    }
    return t
  }

  /// Checks every size and option, so that a bad setting is a message, not a crash.
  public func validate() throws {
    func require(_ ok: Bool, _ message: String) throws {
      if !ok { throw ModelError.invalidArgument(message) }
    }
    try require(
      (2...100_000_000).contains(vocabularySize),
      "vocabularySize must be between 2 and 100,000,000 (got \(vocabularySize))")
    try require(
      (1...4096).contains(embeddingSize),
      "embeddingSize must be between 1 and 4096 (got \(embeddingSize))")
    try require(
      (1...4096).contains(hiddenSize), "hiddenSize must be between 1 and 4096 (got \(hiddenSize))")
    try require(
      (1...16).contains(layerCount), "layerCount must be between 1 and 16 (got \(layerCount))")
    try require(
      (1...64).contains(contextSize), "contextSize must be between 1 and 64 (got \(contextSize))")
    try require(
      leak >= 0 && leak < 1, "leak α must be in [0, 1) (got \(leak)); 0 is a vanilla RNN")
    try require(
      Nonlinearity.languageModelChoices.contains(nonlinearity),
      "nonlinearity must be tanh or relu, as in PyTorch's nn.RNN (got \(nonlinearity.rawValue))")
    try require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1) (got \(dropout))")
    _ = try elementType()
    // The largest weight matrix must fit in memory: |V| × (h + (N−1)·m) elements.
    let (wide, o1) = contextSize.multipliedReportingOverflow(by: embeddingSize)
    let (cols, o2) = wide.addingReportingOverflow(hiddenSize)
    let (n, o3) = vocabularySize.multipliedReportingOverflow(by: cols)
    try require(
      !o1 && !o2 && !o3 && n < 1 << 40,
      "the model would need more than 2⁴⁰ weights; choose smaller sizes")
  }
}
