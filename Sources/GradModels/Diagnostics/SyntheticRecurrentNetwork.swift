// A random recurrent network for the vanishing/exploding-gradient experiment.
//
// One random matrix A ~ N(0, 1/H) is drawn per seed and rescaled to the spectral radius asked
// for, W_hh = A·ρ/ρ(A), so curves for different radii (and different cells) share the same
// directions and differ only in scale: the picture isolates ρ. The LSTM and the GRU use the same
// scaled A in each of their gate blocks.
import Foundation

/// The settings of one synthetic gradient-flow run.
public struct GradientFlowSettings: Sendable, Equatable {
  public var kind: RecurrentCellKind = .rnn
  public var activation: Nonlinearity = .tanh
  /// ρ(W_hh) after rescaling.
  public var spectralRadius: Double = 0.9
  /// T.
  public var steps: Int = 50
  /// H.
  public var hiddenSize: Int = 64
  /// D.
  public var inputSize: Int = 16
  /// α of the leaky RNN.
  public var leak: Double = 0.5
  /// Scale of the inputs x_t ~ N(0, s²); 0 keeps tanh at its most linear (h stays 0).
  public var inputScale: Double = 1
  public var seed: UInt64 = 0
  /// Clip ∂L/∂h_k to this norm on the way back; nil: no clipping.
  public var clipThreshold: Double?
  public var loss: LossPlacement = .lastStep

  public init() {}

  /// Largest T and H accepted: the panel recomputes on every key.
  public static let maximumSteps = 2000
  public static let maximumHiddenSize = 512

  /// Throws with a readable message when a setting is out of range.
  public func validate() throws(DiagnosticError) {
    guard steps >= 1, steps <= Self.maximumSteps else {
      throw DiagnosticError("T must be 1…\(Self.maximumSteps) (got \(steps))")
    }
    guard hiddenSize >= 1, hiddenSize <= Self.maximumHiddenSize else {
      throw DiagnosticError("hidden must be 1…\(Self.maximumHiddenSize) (got \(hiddenSize))")
    }
    guard inputSize >= 1, inputSize <= 1024 else {
      throw DiagnosticError("the input size must be 1…1024 (got \(inputSize))")
    }
    guard spectralRadius.isFinite, spectralRadius >= 0, spectralRadius <= 100 else {
      throw DiagnosticError("radius must be a number in 0…100 (got \(spectralRadius))")
    }
    guard leak >= 0, leak <= 1 else { throw DiagnosticError("alpha must lie in [0, 1]") }
    guard inputScale.isFinite, inputScale >= 0 else {
      throw DiagnosticError("the input scale must be ≥ 0")
    }
    if let c = clipThreshold, !(c > 0 && c.isFinite) {
      throw DiagnosticError("clip must be a positive number or None (got \(c))")
    }
  }
}

/// A random cell, its inputs and loss weights, ready for backpropagation through time.
public struct SyntheticRecurrentNetwork: Sendable {
  public let settings: GradientFlowSettings
  public let weights: RecurrentCellWeights
  /// x_1 … x_T, [T, D].
  public let inputs: [Double]
  /// v, [H].
  public let lossWeights: [Double]
  /// ρ(A) and ‖A‖₂ of the unscaled random matrix (the same for every radius at one seed).
  public let base: BaseSpectra

  /// ρ(A) and ‖A‖₂ of the random matrix A drawn for one seed and hidden size.
  public struct BaseSpectra: Sendable, Equatable {
    public let radius: Double
    /// nil when not computed (the built-ins that only need ρ skip the power iteration).
    public let norm: Double?
  }

  /// A ~ N(0, 1/H), H × H, from the seed's own stream: changing T does not change it.
  static func randomMatrix(seed: UInt64, hiddenSize H: Int) -> [Double] {
    var random = GaussianStream(seed: seed)
    return random.draw(H * H, standardDeviation: 1 / Double(H).squareRoot())
  }

  /// ρ(A) and ‖A‖₂ for a seed and hidden size; pass them to `init(_:base:)` to skip computing
  /// them again when only the radius, T, the cell or the clipping change.
  public static func baseSpectra(seed: UInt64, hiddenSize: Int) throws(DiagnosticError)
    -> BaseSpectra
  {
    var s = GradientFlowSettings()
    s.seed = seed
    s.hiddenSize = hiddenSize
    try s.validate()
    let a = randomMatrix(seed: seed, hiddenSize: hiddenSize)
    return BaseSpectra(
      radius: MatrixSpectra.spectralRadius(a, size: hiddenSize),
      norm: MatrixSpectra.spectralNorm(a, rows: hiddenSize, columns: hiddenSize))
  }

  /// Draws A, W_xh, x and v from `settings.seed` and rescales A to `settings.spectralRadius`.
  ///
  /// - Parameter base: `baseSpectra(seed:hiddenSize:)` for the same seed and hidden size, if
  ///   already known (nil: computed here).
  public init(_ settings: GradientFlowSettings, base known: BaseSpectra? = nil)
    throws(DiagnosticError)
  {
    try settings.validate()
    let H = settings.hiddenSize
    let D = settings.inputSize
    let T = settings.steps
    let a = Self.randomMatrix(seed: settings.seed, hiddenSize: H)
    let base = known ?? BaseSpectra(radius: MatrixSpectra.spectralRadius(a, size: H), norm: nil)
    let rho = base.radius
    guard rho > 0 else {
      throw DiagnosticError("the random W_hh came out nilpotent; try another seed")
    }
    let scaled = a.map { $0 * settings.spectralRadius / rho }
    var inputStream = GaussianStream(seed: settings.seed &+ 0x5EED_0001)
    let wxFirst = inputStream.draw(H * D, standardDeviation: 1 / Double(D).squareRoot())
    var xStream = GaussianStream(seed: settings.seed &+ 0x5EED_0002)
    let x = xStream.draw(T * D, standardDeviation: settings.inputScale)
    var vStream = GaussianStream(seed: settings.seed &+ 0x5EED_0003)
    let v = vStream.draw(H, standardDeviation: 1 / Double(H).squareRoot())
    let G = settings.kind.gateCount
    var wx = wxFirst
    var wh = scaled
    if G > 1 {
      var extra = GaussianStream(seed: settings.seed &+ 0x5EED_0004)
      wx += extra.draw((G - 1) * H * D, standardDeviation: 1 / Double(D).squareRoot())
      for _ in 1..<G { wh += scaled }
    }
    self.settings = settings
    self.weights = try RecurrentCellWeights(
      kind: settings.kind, activation: settings.activation, leak: settings.leak, hiddenSize: H,
      inputSize: D, inputWeight: wx, hiddenWeight: wh)
    self.inputs = x
    self.lossWeights = v
    self.base = base
  }

  /// Forward, then backward with the settings' loss placement and clipping.
  public func gradientFlow() throws(DiagnosticError) -> GradientFlow {
    let trace = try weights.forward(inputs: inputs, steps: settings.steps)
    return try trace.backward(
      lossWeights: lossWeights, loss: settings.loss, clipThreshold: settings.clipThreshold)
  }

  /// The bound on ‖∂L/∂h_k‖ for the RNNs (nil for LSTM and GRU, where no such simple bound is
  /// taught), computed from ‖∂L/∂h_T‖ and γ = α + (1 − α)·γ_h·γ_w.
  public func bound(for flow: GradientFlow) -> [Double]? {
    guard weights.kind == .rnn || weights.kind == .leakyRNN,
      let last = flow.hiddenNorms.last
    else { return nil }
    return GradientFlow.bound(
      steps: settings.steps, lastNorm: last,
      directNorm: MatrixSpectra.euclideanNorm(lossWeights),
      stepFactor: gammas().stepFactor, loss: settings.loss)
  }

  /// γ_w, γ_h and ρ of W_hh = A·ρ/ρ(A), from A's own: ‖c·A‖₂ = c·‖A‖₂.
  public func gammas() -> RecurrentGammas {
    guard let norm = base.norm else { return weights.gammas() }
    let scale = settings.spectralRadius / base.radius
    let isRNN = settings.kind == .rnn || settings.kind == .leakyRNN
    return RecurrentGammas(
      weightNorm: norm * scale,
      derivativeBound: isRNN ? settings.activation.derivativeBound : 1,
      spectralRadius: settings.spectralRadius,
      leak: settings.kind == .leakyRNN ? settings.leak : 0)
  }
}

/// Standard normal numbers from a fixed SplitMix64 stream (Box–Muller), the same everywhere.
struct GaussianStream {
  private var generator: SeededGenerator
  private var spare: Double?

  init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

  /// Uniform in (0, 1]: 53 random bits, never 0 so that log is finite.
  private mutating func uniform() -> Double {
    Double((generator.next() >> 11) + 1) * 0x1p-53
  }

  mutating func next() -> Double {
    if let s = spare {
      spare = nil
      return s
    }
    // (x, y) = √(−2·ln u₁)·(cos 2πu₂, sin 2πu₂) are two independent N(0, 1).
    let r = (-2 * log(uniform())).squareRoot()
    let angle = 2 * Double.pi * uniform()
    spare = r * sin(angle)
    return r * cos(angle)
  }

  mutating func draw(_ count: Int, standardDeviation: Double) -> [Double] {
    (0..<max(count, 0)).map { _ in next() * standardDeviation }
  }
}
