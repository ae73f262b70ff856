// PyTorch's stacked recurrent networks in one call, what `torch._VF.rnn_tanh`, `rnn_relu`,
// `lstm` and `gru` compute and nn.RNN, nn.LSTM and nn.GRU run: L layers of one cell over a
// sequence, dropout between layers, recorded as ONE autograd node whose inputs are the input,
// the initial state(s) and every weight.
//
// Shape key: T time steps, B batch, I input features, H hidden units, L layers, G gate blocks
// (1 RNN, 4 LSTM, 3 GRU). Layer l reads I_l features: I for l = 0, H above. Row-major; the
// kernels run time-major ([T, B, ·]), batch_first tensors are transposed on the way in and out.
//
// Each layer is the built-in models' fused kernel (RecurrentKernels.swift, the cells in
// Cells/), whose weight layout is PyTorch's own: W_ih [G·H, I_l], W_hh [G·H, H], b_ih and
// b_hh [G·H], gate blocks in PyTorch's order (LSTM i, f, g, o; GRU r, z, n with the reset gate
// after W_hn·h + b_hn). So the weights are read where they are, never copied.
//
// The engine records one output per node, and this call has three (output, h_n, c_n). They
// are three views of one packed result P = [output | h_n | c_n], which is the node; each view
// is recorded by a small selection rule that places its gradient in P's layout. Backward
// through P then starts from all three gradients at once:
//
//   ∂L/∂h_T^(l) = ∂L/∂h_n[l] + (the last step's output share, top layer only)
//   ∂L/∂C_T^(l) = ∂L/∂c_n[l]
//   ∂L/∂out^(l−1) = mask^(l−1) ∘ ∂L/∂x^(l)      (dropout between layers, the same mask)
import GradTensor

/// The cell of a stacked recurrent call, named as `torch._VF` names its functions.
public enum StackedRecurrentMode: String, Sendable, CaseIterable {
  /// h_t = tanh(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh).
  case rnnTanh = "rnn_tanh"
  /// h_t = ReLU(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh).
  case rnnRelu = "rnn_relu"
  /// The LSTM, gate blocks i, f, g, o.
  case lstm
  /// The GRU, gate blocks r, z, n.
  case gru

  /// The cell the kernel runs.
  var cellKind: RecurrentCellKind {
    switch self {
    case .rnnTanh, .rnnRelu: return .rnn
    case .lstm: return .lstm
    case .gru: return .gru
    }
  }

  /// φ of the RNNs (ignored by LSTM and GRU).
  var nonlinearity: Nonlinearity { self == .rnnRelu ? .relu : .tanh }

  /// Gate blocks stacked in each weight: G.
  public var gateCount: Int { cellKind.gateCount }

  /// Whether the state has a cell C besides h (the LSTM).
  public var hasCell: Bool { self == .lstm }

  /// `grad_fn=<…>` of the outputs: the built-in models' node names.
  public var nodeName: String {
    switch self {
    case .rnnTanh, .rnnRelu: return "RNNBackward"
    case .lstm: return "LSTMBackward"
    case .gru: return "GRUBackward"
    }
  }

  /// The module's name in messages: "RNN", "LSTM", "GRU".
  var moduleName: String {
    switch self {
    case .rnnTanh, .rnnRelu: return "RNN"
    case .lstm: return "LSTM"
    case .gru: return "GRU"
    }
  }
}

/// What a stacked recurrent call returns, as PyTorch does.
public struct StackedRecurrentResult {
  /// The top layer's h_1 … h_T: [T, B, H], [B, T, H] when batch_first, [T, H] unbatched.
  public let output: Tensor
  /// h_T of every layer: [L, B, H] ([L, H] unbatched).
  public let hidden: Tensor
  /// LSTM: C_T of every layer, shaped like `hidden`; nil for the other cells.
  public let cell: Tensor?
}

/// Runs L stacked layers of one recurrent cell over a sequence with PyTorch's semantics
/// (`torch._VF.lstm` and its siblings), as one autograd node.
///
/// ```
/// x^(0) = input
/// out^(l), h_n[l], c_n[l] = cell_l(x^(l), h0[l], c0[l])        the layer's T steps
/// x^(l+1) = dropout(out^(l))          for l < L − 1, only when training and p > 0
/// output = out^(L−1)
/// ```
///
/// - Parameters:
///   - mode: the cell.
///   - input: [T, B, I], [B, T, I] when `batchFirst`, or [T, I] for one unbatched sequence;
///     float32 or float64.
///   - hidden: h0, [L, B, H] ([L, H] unbatched), the input's dtype.
///   - cell: c0 for the LSTM, shaped like `hidden`; must be nil for the other cells.
///   - weights: per layer w_ih [G·H, I_l], w_hh [G·H, H], then b_ih [G·H], b_hh [G·H] when
///     `hasBiases`; all of the input's dtype.
///   - layerCount: L.
///   - dropout: p of the dropout between layers, in [0, 1].
///   - training: whether dropout applies (masks from the global generator, `manualSeed`).
///   - bidirectional: must be false: both directions are not implemented.
///   - batchFirst: input and output are [B, T, ·].
/// - Returns: output, h_n and (LSTM) c_n, each recorded as a view of the one node.
public func stackedRecurrent(
  _ mode: StackedRecurrentMode, input: Tensor, hidden: Tensor, cell: Tensor?, weights: [Tensor],
  hasBiases: Bool, layerCount: Int, dropout: Double, training: Bool, bidirectional: Bool,
  batchFirst: Bool
) throws -> StackedRecurrentResult {
  let call = try StackedRecurrentCall(
    mode, input: input, hidden: hidden, cell: cell, weights: weights, hasBiases: hasBiases,
    layerCount: layerCount, dropout: dropout, training: training, bidirectional: bidirectional,
    batchFirst: batchFirst)
  switch input.dtype {
  case .float64: return try call.run(Double.self)
  default: return try call.run(Float.self)
  }
}

/// A stacked recurrent call whose arguments have been checked: the sizes, and the tensors
/// the node records.
private struct StackedRecurrentCall {
  let mode: StackedRecurrentMode
  let input: Tensor
  let hidden: Tensor
  let cell: Tensor?
  let weights: [Tensor]
  let hasBiases: Bool
  let layerCount: Int
  /// p when dropout applies (training, p > 0, more than one layer), else 0.
  let dropout: Double
  let batchFirst: Bool
  /// Whether input is one [T, I] sequence (B = 1, and the outputs lose the batch dimension).
  let unbatched: Bool
  let steps: Int
  let batch: Int
  let inputSize: Int
  let hiddenSize: Int

  /// Tensors per layer in `weights`: 4 with biases, 2 without.
  var tensorsPerLayer: Int { hasBiases ? 4 : 2 }

  init(
    _ mode: StackedRecurrentMode, input: Tensor, hidden: Tensor, cell: Tensor?,
    weights: [Tensor], hasBiases: Bool, layerCount: Int, dropout: Double, training: Bool,
    bidirectional: Bool, batchFirst: Bool
  ) throws {
    func fail(_ message: String) -> TensorError { TensorError(.invalidArgument, message) }
    let module = mode.moduleName
    guard !bidirectional else {
      throw fail(
        "\(module): bidirectional=True is not implemented; run the sequence and its reverse "
          + "(torch.flip(x, [0])) through two unidirectional layers instead")
    }
    guard layerCount >= 1 else {
      throw fail("\(module): num_layers must be at least 1, got \(layerCount)")
    }
    guard dropout >= 0, dropout <= 1 else {
      throw fail(
        "dropout should be a number in range [0, 1] representing the probability of an "
          + "element being zeroed, got \(dropout)")
    }
    guard input.dtype == .float32 || input.dtype == .float64 else {
      throw TensorError(
        .dtypeMismatch,
        "\(module): input must be float32 or float64, got \(input.dtype.torchName)")
    }
    guard input.ndim == 2 || input.ndim == 3 else {
      throw TensorError(
        .shapeMismatch, "\(module): Expected input to be 2D or 3D, got \(input.ndim)D instead")
    }
    let perLayer = hasBiases ? 4 : 2
    guard weights.count == layerCount * perLayer else {
      let names = hasBiases ? "w_ih, w_hh, b_ih, b_hh" : "w_ih, w_hh"
      throw fail(
        "\(module): got an incorrect number of RNN parameters: expected \(layerCount * perLayer) "
          + "(\(layerCount) layer\(layerCount == 1 ? "" : "s") × \(names)), got \(weights.count)")
    }
    let G = mode.gateCount
    let hh0 = weights[1]
    guard hh0.ndim == 2, hh0.shape[1] >= 1, hh0.shape[0] == G * hh0.shape[1] else {
      throw TensorError(
        .shapeMismatch,
        "\(module): weight_hh_l0 must be [\(G)·hidden_size, hidden_size], got "
          + "\(shapeText(hh0.shape))")
    }
    let H = hh0.shape[1]
    let ih0 = weights[0]
    guard ih0.ndim == 2 else {
      throw TensorError(
        .shapeMismatch,
        "\(module): weight_ih_l0 must be [\(G * H), input_size], got \(shapeText(ih0.shape))")
    }
    let I = ih0.shape[1]
    for l in 0..<layerCount {
      let inputs = l == 0 ? I : H
      var expected: [(String, [Int])] = [
        ("weight_ih_l\(l)", [G * H, inputs]), ("weight_hh_l\(l)", [G * H, H]),
      ]
      if hasBiases { expected += [("bias_ih_l\(l)", [G * H]), ("bias_hh_l\(l)", [G * H])] }
      for (k, (name, shape)) in expected.enumerated() {
        let w = weights[l * perLayer + k]
        guard w.shape == shape else {
          throw TensorError(
            .shapeMismatch,
            "\(module): \(name) has shape \(shapeText(w.shape)), expected \(shapeText(shape))")
        }
        guard w.dtype == input.dtype else {
          throw TensorError(
            .dtypeMismatch,
            "\(module): \(name) is \(w.dtype.torchName) but the input is "
              + "\(input.dtype.torchName); all must have one dtype")
        }
      }
    }
    guard input.shape[input.ndim - 1] == I else {
      throw TensorError(
        .shapeMismatch,
        "input.size(-1) must be equal to input_size. Expected \(I), got "
          + "\(input.shape[input.ndim - 1])")
    }
    let unbatched = input.ndim == 2
    let T = unbatched || !batchFirst ? input.shape[0] : input.shape[1]
    let B = unbatched ? 1 : (batchFirst ? input.shape[0] : input.shape[1])
    guard T > 0 else {
      throw fail("Expected sequence length to be larger than 0 in RNN")
    }
    guard B > 0 else { throw fail("\(module): the batch is empty (batch size 0)") }
    let stateShape = unbatched ? [layerCount, H] : [layerCount, B, H]
    let stateTensors: [(String, Tensor)]
    if mode.hasCell {
      guard let cell else { throw fail("LSTM: the state needs c0 besides h0: pass (h0, c0)") }
      stateTensors = [("hidden[0]", hidden), ("hidden[1]", cell)]
    } else {
      guard cell == nil else {
        throw fail("\(module): the state is h0 alone; a cell state c0 is the LSTM's")
      }
      stateTensors = [("hidden", hidden)]
    }
    for (name, state) in stateTensors {
      guard state.shape == stateShape else {
        throw TensorError(
          .shapeMismatch,
          "Expected \(name) size (\(stateShape.map(String.init).joined(separator: ", "))), got "
            + shapeText(state.shape))
      }
      guard state.dtype == input.dtype else {
        throw TensorError(
          .dtypeMismatch,
          "\(module): \(name) is \(state.dtype.torchName) but the input is "
            + "\(input.dtype.torchName); all must have one dtype")
      }
    }
    try checkBLASSizes(T * B, G * H, I, T * B * max(I, H))
    self.mode = mode
    self.input = input
    self.hidden = hidden
    self.cell = cell
    self.weights = weights
    self.hasBiases = hasBiases
    self.layerCount = layerCount
    self.dropout = training && layerCount > 1 ? dropout : 0
    self.batchFirst = batchFirst && !unbatched
    self.unbatched = unbatched
    steps = T
    batch = B
    inputSize = I
    hiddenSize = H
  }

  /// The forward pass of every layer, and the node and views that record it.
  func run<S: KernelScalar>(_: S.Type) throws -> StackedRecurrentResult {
    let T = steps
    let B = batch
    let H = hiddenSize
    let L = layerCount
    let G = mode.gateCount
    let BH = B * H
    let TBH = T * BH
    // The kernels read time-major rows; batch_first input is transposed once.
    var x = input.detach()
    if batchFirst { x = try x.transpose(0, 1) }
    x = try x.contiguous()
    let h0 = try hidden.detach().contiguous()
    let c0 = try cell?.detach().contiguous()
    let w = try weights.map { try $0.detach().contiguous() }
    let zeroBias = ScratchBuffer<S>(count: hasBiases ? 0 : G * H)
    var layerWeights: [RecurrentWeights<S>] = []
    for l in 0..<L {
      let k = l * tensorsPerLayer
      layerWeights.append(
        RecurrentWeights(
          inputWeight: try w[k].elements(S.self), hiddenWeight: try w[k + 1].elements(S.self),
          inputBias: hasBiases ? try w[k + 2].elements(S.self) : zeroBias.pointer,
          hiddenBias: hasBiases ? try w[k + 3].elements(S.self) : zeroBias.pointer))
    }
    let kernels = (0..<L).map { l in
      RecurrentKernel<S>(
        kind: mode.cellKind, nonlinearity: mode.nonlinearity, leak: 0, steps: T, batch: B,
        inputSize: l == 0 ? inputSize : H, hidden: H)
    }

    // P = [output | h_n | c_n], in the layouts the caller sees.
    let stateCount = L * BH
    let outputCount = TBH
    let packedCount = outputCount + stateCount * (mode.hasCell ? 2 : 1)
    let packed = try Tensor.zeros([packedCount], dtype: S.dtype)
    let p = try packed.elements(S.self)
    let ph0 = try h0.elements(S.self)
    let pc0 = try c0?.elements(S.self)

    // Layer l's input (kept for its backward pass: ∂W_ih = Σ_t ∂a_tᵀ·x_t) and, below the top,
    // the dropout mask applied to its output.
    var layerInputs: [ScratchBuffer<S>] = []
    var masks: [ScratchBuffer<S>] = []
    var tapes: [RecurrentTape<S>] = []
    let top = ScratchBuffer<S>(count: batchFirst ? TBH : 0, zeroed: false)
    let px = try x.elements(S.self)
    for l in 0..<L {
      let source = l == 0 ? UnsafePointer(px) : UnsafePointer(layerInputs[l - 1].pointer)
      let isTop = l == L - 1
      let out = isTop ? (batchFirst ? top : nil) : ScratchBuffer<S>(count: TBH, zeroed: false)
      let destination = out?.pointer ?? p
      let tape = kernels[l].forward(
        x: source, h0: UnsafePointer(ph0 + l * BH), c0: pc0.map { UnsafePointer($0 + l * BH) },
        weights: layerWeights[l], output: destination)
      tapes.append(tape)
      (p + outputCount + l * BH).update(from: tape.states.pointer + TBH, count: BH)
      if let cT = kernels[l].finalCell(tape) {
        (p + outputCount + stateCount + l * BH).update(from: cT, count: BH)
      }
      if !isTop, let out {
        if dropout > 0 {
          let mask = ScratchBuffer<S>(count: TBH, zeroed: false)
          fillDropoutMask(mask.pointer, count: TBH, probability: dropout)
          for i in 0..<TBH { out.pointer[i] *= mask.pointer[i] }
          masks.append(mask)
        }
        layerInputs.append(out)
      }
    }
    if batchFirst { transposeSteps(top.pointer, into: p, first: T, second: B, width: H) }

    var recorded = [input, hidden]
    if let cell { recorded.append(cell) }
    recorded += weights
    let inputs = layerInputs
    let dropoutMasks = masks
    let layerTapes = tapes
    let rule = FusedBackward(name: mode.nodeName) { [self] gradient, needs in
      let g = try gradient.to(S.dtype).contiguous()
      let pg = try g.elements(S.self)
      return try withExtendedLifetime((x, w, zeroBias, g, inputs, dropoutMasks)) {
        // ∂L/∂output in the kernels' time-major order.
        var dOutput = ScratchBuffer<S>(count: batchFirst ? TBH : 0, zeroed: false)
        if batchFirst {
          transposeSteps(pg, into: dOutput.pointer, first: B, second: T, width: H)
        }
        let dHidden = try Tensor.zeros(hidden.shape, dtype: S.dtype)
        let dCell = try cell.map { try Tensor.zeros($0.shape, dtype: S.dtype) }
        let pdh = try dHidden.elements(S.self)
        let pdc = try dCell?.elements(S.self)
        var weightGradients: [Tensor?] = Array(repeating: nil, count: weights.count)
        var dInput: Tensor? = nil
        for l in stride(from: L - 1, through: 0, by: -1) {
          let dY = batchFirst || l < L - 1 ? UnsafePointer(dOutput.pointer) : UnsafePointer(pg)
          let source = l == 0 ? UnsafePointer(px) : UnsafePointer(inputs[l - 1].pointer)
          let finalCell: UnsafePointer<S>? =
            mode.hasCell ? UnsafePointer(pg + outputCount + stateCount + l * BH) : nil
          let gl = kernels[l].backward(
            tape: layerTapes[l], x: source, weights: layerWeights[l], outputGradient: dY,
            finalHiddenGradient: UnsafePointer(pg + outputCount + l * BH),
            finalCellGradient: finalCell)
          (pdh + l * BH).update(from: gl.states.pointer, count: BH)
          if let pdc { (pdc + l * BH).update(from: gl.cells.pointer, count: BH) }
          let k = l * tensorsPerLayer
          let buffers = [gl.inputWeight, gl.hiddenWeight, gl.inputBias, gl.hiddenBias]
          for j in 0..<tensorsPerLayer {
            weightGradients[k + j] = try Tensor.from(buffers[j].pointer, shape: w[k + j].shape)
          }
          if l > 0 {
            // Through the dropout below: the same mask scales the gradient.
            if dropout > 0 {
              let mask = dropoutMasks[l - 1].pointer
              for i in 0..<TBH { gl.input.pointer[i] *= mask[i] }
            }
            dOutput = gl.input
          } else if needs[0] {
            let d = try Tensor.zeros(input.shape, dtype: S.dtype)
            let pd = try d.elements(S.self)
            if batchFirst {
              transposeSteps(gl.input.pointer, into: pd, first: T, second: B, width: inputSize)
            } else {
              pd.update(from: gl.input.pointer, count: T * B * inputSize)
            }
            dInput = d
          }
        }
        let all: [Tensor?] = [dInput, dHidden] + (dCell.map { [$0] } ?? []) + weightGradients
        return zip(all, needs).map { $1 ? $0 : nil }
      }
    }
    let node = try packed.recorded(by: rule, inputs: recorded)

    // The three views of P, each recorded by the rule that places its gradient in P.
    let view = packed.detach()
    func select(_ offset: Int, _ shape: [Int]) throws -> Tensor {
      let count = shape.reduce(1, *)
      let part = try view.narrow(dim: 0, start: offset, length: count).view(shape)
      return try part.recorded(
        by: PackedSelection(
          name: mode.nodeName, offset: offset, count: count, packedCount: packedCount),
        inputs: [node])
    }
    let stateShape = unbatched ? [L, H] : [L, B, H]
    let outputShape = unbatched ? [T, H] : (batchFirst ? [B, T, H] : [T, B, H])
    return StackedRecurrentResult(
      output: try select(0, outputShape), hidden: try select(outputCount, stateShape),
      cell: mode.hasCell ? try select(outputCount + stateCount, stateShape) : nil)
  }
}

/// The backward rule of one view of a packed result: its gradient, placed at the view's
/// offset in a gradient of the whole (zero elsewhere).
///
/// ```
/// part = P[offset ..< offset + count]      ∂L/∂P = [0 … 0, ∂L/∂part, 0 … 0]
/// ```
private struct PackedSelection: CustomBackward {
  let name: String
  let offset: Int
  let count: Int
  let packedCount: Int

  var savesTensors: Bool { false }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    guard needs[0] else { return [nil] }
    switch g.dtype {
    case .float64: return [try place(g, Double.self)]
    default: return [try place(g.to(.float32), Float.self)]
    }
  }

  private func place<S: KernelScalar>(_ g: Tensor, _: S.Type) throws -> Tensor {
    let part = try g.contiguous()
    let whole = try Tensor.zeros([packedCount], dtype: S.dtype)
    let source = try part.elements(S.self)
    try (whole.elements(S.self) + offset).update(from: source, count: count)
    return withExtendedLifetime(part) { whole }
  }
}

/// Swaps the two leading dimensions of a row-major [first, second, width] buffer into
/// `destination` [second, first, width]: time-major ↔ batch-major.
private func transposeSteps<S: KernelScalar>(
  _ source: UnsafePointer<S>, into destination: UnsafeMutablePointer<S>, first: Int,
  second: Int, width: Int
) {
  for i in 0..<first {
    for j in 0..<second {
      (destination + (j * first + i) * width).update(
        from: source + (i * second + j) * width, count: width)
    }
  }
}

private func transposeSteps<S: KernelScalar>(
  _ source: UnsafeMutablePointer<S>, into destination: UnsafeMutablePointer<S>, first: Int,
  second: Int, width: Int
) {
  transposeSteps(
    UnsafePointer(source), into: destination, first: first, second: second, width: width)
}

/// A shape as PyTorch prints it in messages: [2, 3, 20].
private func shapeText(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
