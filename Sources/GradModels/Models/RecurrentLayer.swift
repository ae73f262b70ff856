// One recurrent layer (RNN, leaky RNN, LSTM or GRU): its weights, and the fused node that runs
// it over a chunk of T steps (the kernel in RecurrentKernels.swift, the step equations in
// Cells/).
//
// Shape key: T time steps, B batch, D input features, H hidden units, G gate blocks.
import GradTensor

/// A layer's state between chunks: h (and C for LSTM), each [B, H], without history.
public struct LayerState {
  public var hidden: Tensor
  public var cell: Tensor?

  public init(hidden: Tensor, cell: Tensor? = nil) {
    self.hidden = hidden
    self.cell = cell
  }
}

/// The weights of one recurrent layer, named with the lecture's symbols.
///
/// ```
/// W_xh  [G·H, D]   input → pre-activations      (PyTorch weight_ih_l{k})
/// W_hh  [G·H, H]   state → pre-activations      (PyTorch weight_hh_l{k})
/// b_xh  [G·H]      input-side bias              (PyTorch bias_ih_l{k})
/// b_hh  [G·H]      recurrent-side bias          (PyTorch bias_hh_l{k})
/// ```
///
/// The lecture's single bias b_h is b_xh + b_hh (for GRU, the candidate's b_hh sits inside
/// the reset gate's product). Two biases, as in PyTorch and cuDNN, so that weights exchange
/// both ways and training follows PyTorch's step for step (each bias gets the full gradient).
///
/// Gate blocks of G·H rows, in PyTorch's order: LSTM i, f, C̃ (PyTorch's g), o, so that rows
/// H..<2H of W_xh and W_hh together are the lecture's W_f acting on [h_{t−1}, x_t]; GRU r, z,
/// n (the candidate h̃).
final class RecurrentLayer {
  let kind: RecurrentCellKind
  /// φ of the RNNs (unused by LSTM and GRU).
  let nonlinearity: Nonlinearity
  /// α of the leaky RNN: 0 for every other cell.
  let leak: Double
  let inputSize: Int
  let hiddenSize: Int
  let inputWeight: Tensor
  let hiddenWeight: Tensor
  let bias: Tensor
  let hiddenBias: Tensor

  /// - Parameters:
  ///   - nonlinearity, leak: φ and α for the RNNs (α is kept only for the leaky RNN).
  init(
    kind: RecurrentCellKind, nonlinearity: Nonlinearity = .tanh, leak: Double = 0,
    inputSize: Int, hiddenSize: Int, dtype: DType, generator: inout SeededGenerator
  ) throws {
    self.kind = kind
    self.nonlinearity = nonlinearity
    self.leak = kind == .leakyRNN ? leak : 0
    self.inputSize = inputSize
    self.hiddenSize = hiddenSize
    let rows = kind.gateCount * hiddenSize
    // PyTorch's initialisation of recurrent layers: every weight ~ U(−1/√H, 1/√H).
    let bound = 1 / Double(hiddenSize).squareRoot()
    inputWeight = try uniformTensor([rows, inputSize], bound: bound, dtype, &generator)
    hiddenWeight = try uniformTensor([rows, hiddenSize], bound: bound, dtype, &generator)
    bias = try uniformTensor([rows], bound: bound, dtype, &generator)
    hiddenBias = try uniformTensor([rows], bound: bound, dtype, &generator)
  }

  /// The layer's parameters with their names.
  func namedParameters(prefix: String) -> [(name: String, tensor: Tensor)] {
    [
      (prefix + "W_xh", inputWeight), (prefix + "W_hh", hiddenWeight), (prefix + "b_xh", bias),
      (prefix + "b_hh", hiddenBias),
    ]
  }

  /// A zero state for a batch of `batchSize` sequences.
  func zeroState(batchSize: Int) throws -> LayerState {
    let h = try Tensor.zeros([batchSize, hiddenSize], dtype: inputWeight.dtype)
    if case .lstm = kind {
      return LayerState(hidden: h, cell: try Tensor.zeros([batchSize, hiddenSize], dtype: h.dtype))
    }
    return LayerState(hidden: h)
  }

  /// Runs the layer over `input` [T, B, D] from `state`: the outputs h_1 … h_T [T, B, H] as one
  /// autograd node, and the final state (detached, for the next chunk).
  func forward(_ input: Tensor, state: LayerState) throws -> (output: Tensor, state: LayerState) {
    switch inputWeight.dtype {
    case .float64: return try run(input, state, Double.self, keepStateGradients: nil)
    default: return try run(input, state, Float.self, keepStateGradients: nil)
    }
  }

  /// Like `forward`, and calls `stateGradients` during backward with ∂L/∂h_t for t = 0 … T
  /// ([T+1, B, H], the total gradient through all later steps).
  func forward(
    _ input: Tensor, state: LayerState, stateGradients: @escaping (Tensor) -> Void
  ) throws -> (output: Tensor, state: LayerState) {
    switch inputWeight.dtype {
    case .float64: return try run(input, state, Double.self, keepStateGradients: stateGradients)
    default: return try run(input, state, Float.self, keepStateGradients: stateGradients)
    }
  }

  private func run<S: KernelScalar>(
    _ input: Tensor, _ state: LayerState, _: S.Type,
    keepStateGradients: ((Tensor) -> Void)?
  ) throws -> (output: Tensor, state: LayerState) {
    guard input.ndim == 3, input.shape[2] == inputSize else {
      throw ModelError.invalidArgument(
        "recurrent layer: expected input [T, B, \(inputSize)], got \(input.shape)")
    }
    let T = input.shape[0]
    let B = input.shape[1]
    let H = hiddenSize
    try checkBLASSizes(T * B, kind.gateCount * H, inputSize)
    guard state.hidden.shape == [B, H] else {
      throw ModelError.invalidArgument(
        "recurrent layer: state h has shape \(state.hidden.shape), expected [\(B), \(H)]")
    }
    let x = try input.detach().to(S.dtype).contiguous()
    let h0 = try state.hidden.detach().to(S.dtype).contiguous()
    var c0: Tensor? = nil
    if case .lstm = kind {
      guard let c = state.cell, c.shape == [B, H] else {
        throw ModelError.invalidArgument(
          "LSTM layer: the state needs a cell C of shape [\(B), \(H)]")
      }
      c0 = try c.detach().to(S.dtype).contiguous()
    }
    let kernel = RecurrentKernel<S>(
      kind: kind, nonlinearity: nonlinearity, leak: leak, steps: T, batch: B,
      inputSize: inputSize, hidden: H)
    let output = try Tensor.zeros([T, B, H], dtype: S.dtype)
    let weights = RecurrentWeights<S>(
      inputWeight: try inputWeight.elements(S.self),
      hiddenWeight: try hiddenWeight.elements(S.self),
      inputBias: try bias.elements(S.self), hiddenBias: try hiddenBias.elements(S.self))
    let tape = kernel.forward(
      x: try x.elements(S.self), h0: try h0.elements(S.self), c0: try c0?.elements(S.self),
      weights: weights, output: try output.elements(S.self))
    let hT = try Tensor.from(UnsafePointer(tape.states.pointer + T * B * H), shape: [B, H])
    var cT: Tensor? = nil
    if let p = kernel.finalCell(tape) { cT = try Tensor.from(p, shape: [B, H]) }
    let newState = LayerState(hidden: hT, cell: cT)

    let parameters = [inputWeight, hiddenWeight, bias, hiddenBias]
    let name: String
    switch kind {
    case .rnn, .leakyRNN: name = "RNNBackward"
    case .lstm: name = "LSTMBackward"
    case .gru: name = "GRUBackward"
    }
    // One node whose inputs are X and the four weights, in that order; its rule runs the
    // backward pass through time once for all of them.
    let rule = FusedBackward(name: name) { [self] gradient, needs in
      let dY = try gradient.to(S.dtype).contiguous()
      let px = try x.elements(S.self)
      let pdY = try dY.elements(S.self)
      let g = withExtendedLifetime((x, dY)) {
        kernel.backward(
          tape: tape, x: UnsafePointer(px), weights: weights, outputGradient: UnsafePointer(pdY))
      }
      if let keepStateGradients {
        keepStateGradients(try Tensor.from(g.states.pointer, shape: [T + 1, B, H]))
      }
      let buffers = [g.input, g.inputWeight, g.hiddenWeight, g.inputBias, g.hiddenBias]
      let shapes = [[T, B, self.inputSize]] + parameters.map(\.shape)
      return try zip(buffers, shapes).enumerated().map { k, entry in
        needs[k] ? try Tensor.from(entry.0.pointer, shape: entry.1) : nil
      }
    }
    return (try output.recorded(by: rule, inputs: [input] + parameters), newState)
  }
}

/// A tensor with entries drawn uniformly from (−bound, bound) by the model's own generator.
func uniformTensor(
  _ shape: [Int], bound: Double, _ dtype: DType, _ generator: inout SeededGenerator
) throws -> Tensor {
  let n = shape.reduce(1, *)
  var values = [Double](repeating: 0, count: n)
  for i in 0..<n { values[i] = (2 * generator.nextUnit() - 1) * bound }
  return try Tensor(values, shape: shape, dtype: dtype)
}
