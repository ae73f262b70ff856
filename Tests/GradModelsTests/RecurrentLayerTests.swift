import Foundation
import GradTensor
import Testing

@testable import GradModels

/// The fused recurrent layers against the step-by-step reference and finite differences.
@Suite struct RecurrentLayerTests {
  /// One layer under test: the cell, and φ and α for the RNNs.
  struct Cell: Sendable, CustomTestStringConvertible {
    var kind: RecurrentCellKind
    var nonlinearity: Nonlinearity = .tanh
    var leak: Double = 0

    var testDescription: String {
      switch kind {
      case .rnn, .leakyRNN: return "rnn(\(nonlinearity.rawValue), α=\(leak))"
      case .lstm: return "lstm"
      case .gru: return "gru"
      }
    }
  }

  static let kinds: [Cell] = [
    Cell(kind: .rnn), Cell(kind: .rnn, nonlinearity: .relu),
    Cell(kind: .rnn, nonlinearity: .sigmoid), Cell(kind: .leakyRNN, leak: 0.3), Cell(kind: .lstm),
    Cell(kind: .gru),
  ]

  /// A float64 layer, an input that requires grad, a random state and a fixed projection R
  /// so that L = Σ output∘R weighs every output differently.
  func fixture(
    _ cell: Cell, steps: Int = 4, batch: Int = 3, inputSize: Int = 5, hidden: Int = 6
  )
    throws -> (RecurrentLayer, Tensor, LayerState, Tensor)
  {
    var generator = SeededGenerator(seed: 7)
    let layer = try RecurrentLayer(
      kind: cell.kind, nonlinearity: cell.nonlinearity, leak: cell.leak, inputSize: inputSize,
      hiddenSize: hidden, dtype: .float64, generator: &generator)
    for p in [layer.inputWeight, layer.hiddenWeight, layer.bias, layer.hiddenBias] {
      try p.requiresGrad_(true)
    }
    let input = try uniformTensor([steps, batch, inputSize], bound: 1, .float64, &generator)
    try input.requiresGrad_(true)
    let h0 = try uniformTensor([batch, hidden], bound: 0.5, .float64, &generator)
    let c0 = try uniformTensor([batch, hidden], bound: 0.5, .float64, &generator)
    let state = LayerState(hidden: h0, cell: cell.kind == .lstm ? c0 : nil)
    let projection = try uniformTensor([steps, batch, hidden], bound: 1, .float64, &generator)
    return (layer, input, state, projection)
  }

  func parameters(_ layer: RecurrentLayer) -> [Tensor] {
    [layer.inputWeight, layer.hiddenWeight, layer.bias, layer.hiddenBias]
  }

  func maxDifference(_ a: Tensor, _ b: Tensor) -> Double {
    zip(a.toDoubleArray(), b.toDoubleArray()).map { Swift.abs($0 - $1) }.max() ?? 0
  }

  @Test(arguments: kinds)
  func fusedMatchesReference(kind: Cell) throws {
    let (layer, input, state, projection) = try fixture(kind)
    let fused = try layer.forward(input, state: state)
    try (fused.output * projection).sum().backward()
    let fusedGrads = parameters(layer).map { $0.grad }
    let fusedInputGrad = input.grad
    for p in parameters(layer) { p.grad = nil }
    input.grad = nil

    let reference = try layer.referenceForward(input, state: state)
    try (reference.output * projection).sum().backward()
    #expect(maxDifference(fused.output, reference.output) < 1e-12)
    #expect(maxDifference(fused.state.hidden, reference.state.hidden) < 1e-12)
    if kind.kind == .lstm, let c1 = fused.state.cell, let c2 = reference.state.cell {
      #expect(maxDifference(c1, c2) < 1e-12)
    }
    for (p, g) in zip(parameters(layer), fusedGrads) {
      let expected = try #require(p.grad)
      let actual = try #require(g)
      #expect(maxDifference(actual, expected) < 1e-10)
    }
    let dx = try #require(fusedInputGrad)
    let dxReference = try #require(input.grad)
    #expect(maxDifference(dx, dxReference) < 1e-10)
  }

  /// Central differences (L(w + ε) − L(w − ε)) / 2ε on every weight entry, in float64.
  @Test(arguments: kinds)
  func fusedGradientsMatchFiniteDifferences(kind: Cell) throws {
    let (layer, input, state, projection) = try fixture(
      kind, steps: 3, batch: 2, inputSize: 3, hidden: 4)
    func loss() throws -> Double {
      try noGrad { try (layer.forward(input, state: state).output * projection).sum().item() }
    }
    try (layer.forward(input, state: state).output * projection).sum().backward()
    let eps = 1e-6
    var worst = 0.0
    for p in parameters(layer) {
      let analytic = try #require(p.grad).toDoubleArray()
      let pointer = try p.elements(Double.self)
      for i in 0..<p.count {
        let saved = pointer[i]
        pointer[i] = saved + eps
        let plus = try loss()
        pointer[i] = saved - eps
        let minus = try loss()
        pointer[i] = saved
        let numeric = (plus - minus) / (2 * eps)
        worst = max(worst, Swift.abs(numeric - analytic[i]) / max(1, Swift.abs(numeric)))
      }
    }
    #expect(worst < 1e-7)
  }

  /// The float32 path (vectorised gate functions) against float64 on the same weights.
  @Test(arguments: kinds)
  func float32AgreesWithFloat64(kind: Cell) throws {
    func run(_ dtype: DType) throws -> (output: [Double], gradient: [Double]) {
      var generator = SeededGenerator(seed: 11)
      let layer = try RecurrentLayer(
        kind: kind.kind, nonlinearity: kind.nonlinearity, leak: kind.leak, inputSize: 13,
        hiddenSize: 21, dtype: dtype, generator: &generator)
      try layer.inputWeight.requiresGrad_(true)
      let input = try uniformTensor([7, 3, 13], bound: 1, dtype, &generator)
      let state = try layer.zeroState(batchSize: 3)
      let out = try layer.forward(input, state: state).output
      try out.sum().backward()
      return (out.toDoubleArray(), try #require(layer.inputWeight.grad).toDoubleArray())
    }
    let single = try run(.float32)
    let double = try run(.float64)
    let outputError = zip(single.output, double.output).map { Swift.abs($0 - $1) }.max() ?? 1
    let gradientError = zip(single.gradient, double.gradient).map { Swift.abs($0 - $1) }.max() ?? 1
    #expect(outputError < 1e-5)
    #expect(gradientError < 1e-4)
  }

  /// The sigmoid is a gradient-flow experiment; a language model's RNN takes what `nn.RNN`
  /// takes.
  @Test func languageModelsTakeTanhAndReLU() throws {
    for phi in Nonlinearity.allCases {
      let c = ModelConfiguration(kind: .rnn, vocabularySize: 5, nonlinearity: phi)
      if phi == .sigmoid {
        #expect(throws: ModelError.self) { try c.validate() }
      } else {
        try c.validate()
      }
    }
  }

  @Test func everyRecurrentModelNamesItsCell() {
    for kind in ModelKind.allCases {
      #expect(kind.cellKind?.rawValue == (kind.isRecurrent ? kind.rawValue : nil))
    }
  }

  @Test func refusesWrongInputWidth() throws {
    let (layer, _, state, _) = try fixture(Cell(kind: .lstm))
    let bad = try Tensor.zeros([2, 3, 9], dtype: .float64)
    #expect(throws: ModelError.self) { try layer.forward(bad, state: state) }
  }
}
