// Fused recurrent layers: the forward pass over T steps and its backward pass through time,
// written out by hand over raw buffers (as cuDNN does), so that a whole layer and chunk is one
// autograd node instead of ~10 nodes per time step.
//
// Shape key: T time steps, B batch, D input features, H hidden units, G gate blocks
// (1 for RNN, 4 for LSTM, 3 for GRU). Row-major everywhere; step t of a [T, B, X] buffer
// starts at t·B·X.
//
// Cost per chunk: one GEMM for the input projections of all T steps (X·W_xhᵀ), one GEMM per
// step for the recurrent part (h_{t−1}·W_hhᵀ), fused gate nonlinearities; backward: one GEMM
// per step for ∂h_{t−1}, then three large GEMMs for ∂W_xh, ∂W_hh and ∂X.
//
// This file is the driver: the GEMMs and the bookkeeping of the tape. The step equations
// themselves, forward and back, are the cells' (Cells/RNNCell.swift, LSTMCell.swift,
// GRUCell.swift), shared with the float64 diagnostics.
import GradTensor

/// The values a layer's forward pass keeps for its backward pass.
final class RecurrentTape<S: KernelScalar> {
  let steps: Int
  let batch: Int
  let hidden: Int
  /// h_0 … h_T, [(T+1), B, H].
  let states: ScratchBuffer<S>
  /// Activated gates per step, [T, B, G·H] (RNN: u_t = φ(a_t)).
  let gates: ScratchBuffer<S>
  /// LSTM: C_0 … C_T, [(T+1), B, H]; GRU: W_hn·h_{t−1} + b_hn, [T, B, H].
  let cells: ScratchBuffer<S>
  /// LSTM: tanh(C_t), [T, B, H].
  let cellTanh: ScratchBuffer<S>

  init(steps: Int, batch: Int, hidden: Int, gateCount: Int, kind: RecurrentCellKind) {
    self.steps = steps
    self.batch = batch
    self.hidden = hidden
    let bh = batch * hidden
    states = ScratchBuffer(count: (steps + 1) * bh)
    gates = ScratchBuffer(count: steps * bh * gateCount, zeroed: false)
    switch kind {
    case .rnn, .leakyRNN:
      cells = ScratchBuffer(count: 0)
      cellTanh = ScratchBuffer(count: 0)
    case .lstm:
      cells = ScratchBuffer(count: (steps + 1) * bh)
      cellTanh = ScratchBuffer(count: steps * bh, zeroed: false)
    case .gru:
      cells = ScratchBuffer(count: steps * bh, zeroed: false)
      cellTanh = ScratchBuffer(count: 0)
    }
  }
}

/// Pointers to one layer's weights.
struct RecurrentWeights<S: KernelScalar> {
  /// [G·H, D]
  let inputWeight: UnsafeMutablePointer<S>
  /// [G·H, H]
  let hiddenWeight: UnsafeMutablePointer<S>
  /// [G·H]
  let inputBias: UnsafeMutablePointer<S>
  /// [G·H], the recurrent side's bias (for GRU inside the reset gate's product).
  let hiddenBias: UnsafeMutablePointer<S>
}

/// Gradients of one layer's weights and input, from its backward pass.
struct RecurrentGradients<S: KernelScalar> {
  let input: ScratchBuffer<S>
  let inputWeight: ScratchBuffer<S>
  let hiddenWeight: ScratchBuffer<S>
  let inputBias: ScratchBuffer<S>
  let hiddenBias: ScratchBuffer<S>
  /// ∂L/∂h_t for t = 0 … T (h_0 is the initial state), [(T+1), B, H].
  let states: ScratchBuffer<S>
  /// LSTM: ∂L/∂C_t for t = 0 … T, [(T+1), B, H]; empty for the other cells.
  let cells: ScratchBuffer<S>
}

/// One layer's forward and backward passes over a chunk of T steps.
struct RecurrentKernel<S: KernelScalar> {
  let kind: RecurrentCellKind
  /// φ of the RNNs (unused by LSTM and GRU).
  let nonlinearity: Nonlinearity
  /// α of the leaky RNN: 0 for every other cell.
  let leak: Double
  let steps: Int
  let batch: Int
  let inputSize: Int
  let hidden: Int

  var gateCount: Int { kind.gateCount }

  /// The RNNs' cell with this kernel's φ and α.
  private var rnnCell: RNNCell { RNNCell(nonlinearity: nonlinearity, leak: leak) }

  /// Runs the layer over `x` [T, B, D] from h_0 (and C_0 for LSTM), writing h_1 … h_T into
  /// `output` [T, B, H]; returns the tape for the backward pass.
  func forward(
    x: UnsafePointer<S>, h0: UnsafePointer<S>, c0: UnsafePointer<S>?,
    weights w: RecurrentWeights<S>,
    output: UnsafeMutablePointer<S>
  ) -> RecurrentTape<S> {
    let T = steps
    let B = batch
    let H = hidden
    let GH = gateCount * H
    let tape = RecurrentTape<S>(steps: T, batch: B, hidden: H, gateCount: gateCount, kind: kind)
    let hs = tape.states.pointer
    hs.update(from: h0, count: B * H)
    if case .lstm = kind, let c0 { tape.cells.pointer.update(from: c0, count: B * H) }

    // Input projections of every step at once: P = X·W_xhᵀ + b_xh (+ b_hh for RNN and LSTM,
    // whose two biases simply add), [T·B, G·H].
    let projections = tape.gates.pointer
    let bias = ScratchBuffer<S>(count: GH)
    for j in 0..<GH {
      if case .gru = kind {
        bias.pointer[j] = w.inputBias[j]
      } else {
        bias.pointer[j] = w.inputBias[j] + w.hiddenBias[j]
      }
    }
    for r in 0..<(T * B) { (projections + r * GH).update(from: bias.pointer, count: GH) }
    S.gemm(
      transA: false, transB: true, m: T * B, n: GH, k: inputSize, alpha: 1, a: x, lda: inputSize,
      b: w.inputWeight, ldb: inputSize, beta: 1, c: projections, ldc: GH)

    let recurrent = ScratchBuffer<S>(count: B * GH, zeroed: false)
    for t in 0..<T {
      let hPrev = hs + t * B * H
      let hNext = hs + (t + 1) * B * H
      let gate = projections + t * B * GH
      // c += h_{t−1}·W_hhᵀ, [B, G·H]
      func addRecurrentProduct(to c: UnsafeMutablePointer<S>) {
        S.gemm(
          transA: false, transB: true, m: B, n: GH, k: H, alpha: 1, a: hPrev, lda: H,
          b: w.hiddenWeight, ldb: H, beta: 1, c: c, ldc: GH)
      }
      switch kind {
      case .rnn, .leakyRNN:
        // a_t = P_t + h_{t−1}·W_hhᵀ
        addRecurrentProduct(to: gate)
        rnnCell.forward(gates: gate, previous: hPrev, next: hNext, count: B * H)
      case .lstm:
        // [i f C̃ o] before their nonlinearities: P_t + h_{t−1}·W_hhᵀ
        addRecurrentProduct(to: gate)
        LSTMCell.forward(
          gates: gate, previousCell: tape.cells.pointer + t * B * H,
          cell: tape.cells.pointer + (t + 1) * B * H,
          cellTanh: tape.cellTanh.pointer + t * B * H, hidden: hNext, batch: B, hiddenSize: H)
      case .gru:
        // The recurrent side apart, q = h_{t−1}·W_hhᵀ + b_hh: the reset gate multiplies q_n.
        let q = recurrent.pointer
        for b in 0..<B { (q + b * GH).update(from: w.hiddenBias, count: GH) }
        addRecurrentProduct(to: q)
        GRUCell.forward(
          gates: gate, recurrent: q, previous: hPrev,
          recurrentCandidate: tape.cells.pointer + t * B * H, next: hNext, batch: B,
          hiddenSize: H)
      }
      (output + t * B * H).update(from: hNext, count: B * H)
    }
    return tape
  }

  /// Backward through time: from ∂L/∂h_t for every step (`outputGradient` [T, B, H]) to the
  /// gradients of the weights and of the input, and ∂L/∂h_t including the paths through later
  /// steps:
  ///
  /// ```
  /// ∂L/∂h_t = ∂ℓ_t/∂h_t + (∂h_{t+1}/∂h_t)ᵀ · ∂L/∂h_{t+1}
  /// ```
  ///
  /// When the final state is itself an output (PyTorch's h_n and c_n), its gradients start the
  /// recursion: ∂L/∂h_T and ∂L/∂C_T get them before the steps' own shares are added.
  ///
  /// - Parameters:
  ///   - finalHiddenGradient: ∂L/∂h_T through h_n, [B, H]; nil when h_n is not used.
  ///   - finalCellGradient: LSTM: ∂L/∂C_T through c_n, [B, H]; nil when c_n is not used.
  func backward(
    tape: RecurrentTape<S>, x: UnsafePointer<S>, weights w: RecurrentWeights<S>,
    outputGradient dY: UnsafePointer<S>, finalHiddenGradient: UnsafePointer<S>? = nil,
    finalCellGradient: UnsafePointer<S>? = nil
  ) -> RecurrentGradients<S> {
    let T = steps
    let B = batch
    let H = hidden
    let D = inputSize
    let GH = gateCount * H
    let hs = tape.states.pointer
    // Pre-activation gradients of every step: for the input side [T, B, G·H], and for GRU the
    // recurrent side separately (the reset gate multiplies only W_hn·h).
    let dInputGates = ScratchBuffer<S>(count: T * B * GH, zeroed: false)
    let dHiddenGates: ScratchBuffer<S>
    if case .gru = kind {
      dHiddenGates = ScratchBuffer<S>(count: T * B * GH, zeroed: false)
    } else {
      dHiddenGates = dInputGates
    }
    let dStates = ScratchBuffer<S>(count: (T + 1) * B * H)
    let dCell = ScratchBuffer<S>(count: B * H)
    let dCells: ScratchBuffer<S>
    if case .lstm = kind {
      dCells = ScratchBuffer<S>(count: (T + 1) * B * H)
    } else {
      dCells = ScratchBuffer<S>(count: 0)
    }
    let dh = dStates.pointer
    if let finalHiddenGradient { (dh + T * B * H).update(from: finalHiddenGradient, count: B * H) }
    if case .lstm = kind, let finalCellGradient {
      dCell.pointer.update(from: finalCellGradient, count: B * H)
    }

    // ∂L/∂h_T starts as the output's gradient; earlier steps add the recurrent path.
    for t in stride(from: T - 1, through: 0, by: -1) {
      let dhT = dh + (t + 1) * B * H
      let dyT = dY + t * B * H
      for j in 0..<(B * H) { dhT[j] += dyT[j] }
      let hPrev = hs + t * B * H
      let gate = tape.gates.pointer + t * B * GH
      let da = dInputGates.pointer + t * B * GH
      let dhPrev = dh + t * B * H
      // ∂L/∂h_{t−1} = β·(the cell's direct share) + ∂q·W_hh, with ∂q the gradient of the
      // recurrent side's pre-activations [B, G·H]
      func addRecurrentGradient(from dq: UnsafePointer<S>, beta: S) {
        S.gemm(
          transA: false, transB: false, m: B, n: H, k: GH, alpha: 1, a: dq, lda: GH,
          b: w.hiddenWeight, ldb: H, beta: beta, c: dhPrev, ldc: H)
      }
      switch kind {
      case .rnn, .leakyRNN:
        rnnCell.backward(
          gates: gate, hiddenGradient: dhT, gateGradient: da, previousHiddenGradient: dhPrev,
          count: B * H)
        addRecurrentGradient(from: da, beta: 1)
      case .lstm:
        // dCell carries ∂L/∂C_t through C_{t+1} in, ∂L/∂C_{t−1} out; h_{t−1} has no direct
        // path to h_t, so the GEMM overwrites.
        LSTMCell.backward(
          gates: gate, previousCell: tape.cells.pointer + t * B * H,
          cellTanh: tape.cellTanh.pointer + t * B * H, hiddenGradient: dhT,
          cellGradient: dCell.pointer, cellGradientTotal: dCells.pointer + (t + 1) * B * H,
          gateGradient: da, batch: B, hiddenSize: H)
        addRecurrentGradient(from: da, beta: 0)
      case .gru:
        let dq = dHiddenGates.pointer + t * B * GH
        GRUCell.backward(
          gates: gate, recurrentCandidate: tape.cells.pointer + t * B * H, previous: hPrev,
          hiddenGradient: dhT, inputGateGradient: da, hiddenGateGradient: dq,
          previousHiddenGradient: dhPrev, batch: B, hiddenSize: H)
        addRecurrentGradient(from: dq, beta: 1)
      }
    }

    if case .lstm = kind { dCells.pointer.update(from: dCell.pointer, count: B * H) }

    // Weight gradients summed over all steps, one GEMM each:
    // ∂W_xh = Σ_t ∂a_tᵀ·x_t,  ∂W_hh = Σ_t ∂a_tᵀ·h_{t−1},  ∂b = Σ_t Σ_b ∂a_t,  ∂x_t = ∂a_t·W_xh
    let dWx = ScratchBuffer<S>(count: GH * D)
    let dWh = ScratchBuffer<S>(count: GH * H)
    let dbx = ScratchBuffer<S>(count: GH)
    let dX = ScratchBuffer<S>(count: T * B * D)
    let rows = T * B
    S.gemm(
      transA: true, transB: false, m: GH, n: D, k: rows, alpha: 1, a: dInputGates.pointer,
      lda: GH, b: x, ldb: D, beta: 0, c: dWx.pointer, ldc: D)
    S.gemm(
      transA: true, transB: false, m: GH, n: H, k: rows, alpha: 1, a: dHiddenGates.pointer,
      lda: GH, b: hs, ldb: H, beta: 0, c: dWh.pointer, ldc: H)
    S.gemm(
      transA: false, transB: false, m: rows, n: D, k: GH, alpha: 1, a: dInputGates.pointer,
      lda: GH, b: w.inputWeight, ldb: D, beta: 0, c: dX.pointer, ldc: D)
    for r in 0..<rows {
      let d = dInputGates.pointer + r * GH
      for j in 0..<GH { dbx.pointer[j] += d[j] }
    }
    // ∂b_hh: the same as ∂b_xh for RNN and LSTM (the biases add); for GRU from the recurrent
    // side's gradients.
    let dbh = ScratchBuffer<S>(count: GH)
    if case .gru = kind {
      for r in 0..<rows {
        let d = dHiddenGates.pointer + r * GH
        for j in 0..<GH { dbh.pointer[j] += d[j] }
      }
    } else {
      dbh.pointer.update(from: dbx.pointer, count: GH)
    }
    return RecurrentGradients(
      input: dX, inputWeight: dWx, hiddenWeight: dWh, inputBias: dbx, hiddenBias: dbh,
      states: dStates, cells: dCells)
  }

  /// C_T (LSTM) from the tape, for carrying the state to the next chunk.
  func finalCell(_ tape: RecurrentTape<S>) -> UnsafePointer<S>? {
    guard case .lstm = kind else { return nil }
    return UnsafePointer(tape.cells.pointer + steps * batch * hidden)
  }
}
