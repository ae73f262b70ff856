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

/// Which recurrence a layer runs.
enum CellKind: Equatable, Sendable {
  /// h_t = α·h_{t−1} + (1 − α)·φ(W_hh·h_{t−1} + W_xh·x_t + b_h); α = 0 is a vanilla RNN.
  case rnn(Nonlinearity, leak: Double)
  /// Gates i, f, C̃, o (PyTorch's order i, f, g, o).
  case lstm
  /// Gates r, z, n (PyTorch's order), with the reset gate applied after W_hn as cuDNN does.
  case gru

  /// Gate blocks stacked in W_xh and W_hh.
  var gateCount: Int {
    switch self {
    case .rnn: return 1
    case .lstm: return 4
    case .gru: return 3
    }
  }
}

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

  init(steps: Int, batch: Int, hidden: Int, gateCount: Int, kind: CellKind) {
    self.steps = steps
    self.batch = batch
    self.hidden = hidden
    let bh = batch * hidden
    states = ScratchBuffer(count: (steps + 1) * bh)
    gates = ScratchBuffer(count: steps * bh * gateCount, zeroed: false)
    switch kind {
    case .rnn:
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
  let kind: CellKind
  let steps: Int
  let batch: Int
  let inputSize: Int
  let hidden: Int

  var gateCount: Int { kind.gateCount }

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
      switch kind {
      case .rnn(let phi, let alpha):
        // a_t = P_t + h_{t−1}·W_hhᵀ;  u_t = φ(a_t);  h_t = α·h_{t−1} + (1 − α)·u_t
        S.gemm(
          transA: false, transB: true, m: B, n: H, k: H, alpha: 1, a: hPrev, lda: H,
          b: w.hiddenWeight, ldb: H, beta: 1, c: gate, ldc: H)
        let a = S(alpha)
        if phi == .tanh {
          S.tanh(gate, count: B * H)
        } else {
          for j in 0..<(B * H) { gate[j] = max(gate[j], 0) }
        }
        for j in 0..<(B * H) { hNext[j] = a * hPrev[j] + (1 - a) * gate[j] }
      case .lstm:
        // [i f C̃ o] = P_t + h_{t−1}·W_hhᵀ, then σ σ tanh σ;
        // C_t = f∘C_{t−1} + i∘C̃;  h_t = o∘tanh(C_t)
        S.gemm(
          transA: false, transB: true, m: B, n: GH, k: H, alpha: 1, a: hPrev, lda: H,
          b: w.hiddenWeight, ldb: H, beta: 1, c: gate, ldc: GH)
        let cPrev = tape.cells.pointer + t * B * H
        let cNext = tape.cells.pointer + (t + 1) * B * H
        let cTanh = tape.cellTanh.pointer + t * B * H
        for b in 0..<B {
          let g = gate + b * GH
          S.sigmoid(g, count: 2 * H)  // i, f
          S.tanh(g + 2 * H, count: H)  // C̃
          S.sigmoid(g + 3 * H, count: H)  // o
          for j in 0..<H {
            cNext[b * H + j] = g[H + j] * cPrev[b * H + j] + g[j] * g[2 * H + j]
          }
        }
        cTanh.update(from: cNext, count: B * H)
        S.tanh(cTanh, count: B * H)
        for b in 0..<B {
          let o = gate + b * GH + 3 * H
          for j in 0..<H { hNext[b * H + j] = o[j] * cTanh[b * H + j] }
        }
      case .gru:
        // q = h_{t−1}·W_hhᵀ + b_hh;  r = σ(P_r + q_r);  z = σ(P_z + q_z);
        // n = tanh(P_n + r∘q_n);  h_t = (1 − z)∘n + z∘h_{t−1}
        let q = recurrent.pointer
        for b in 0..<B { (q + b * GH).update(from: w.hiddenBias, count: GH) }
        S.gemm(
          transA: false, transB: true, m: B, n: GH, k: H, alpha: 1, a: hPrev, lda: H,
          b: w.hiddenWeight, ldb: H, beta: 1, c: q, ldc: GH)
        let qn = tape.cells.pointer + t * B * H
        for b in 0..<B {
          let g = gate + b * GH
          let qb = q + b * GH
          for j in 0..<(2 * H) { g[j] += qb[j] }
          S.sigmoid(g, count: 2 * H)  // r, z
          for j in 0..<H {
            g[2 * H + j] += g[j] * qb[2 * H + j]
            qn[b * H + j] = qb[2 * H + j]
          }
          S.tanh(g + 2 * H, count: H)  // n
          for j in 0..<H {
            let z = g[H + j]
            hNext[b * H + j] = (1 - z) * g[2 * H + j] + z * hPrev[b * H + j]
          }
        }
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
  func backward(
    tape: RecurrentTape<S>, x: UnsafePointer<S>, weights w: RecurrentWeights<S>,
    outputGradient dY: UnsafePointer<S>
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

    // ∂L/∂h_T starts as the output's gradient; earlier steps add the recurrent path.
    for t in stride(from: T - 1, through: 0, by: -1) {
      let dhT = dh + (t + 1) * B * H
      let dyT = dY + t * B * H
      for j in 0..<(B * H) { dhT[j] += dyT[j] }
      let hPrev = hs + t * B * H
      let gate = tape.gates.pointer + t * B * GH
      let da = dInputGates.pointer + t * B * GH
      let dhPrev = dh + t * B * H
      switch kind {
      case .rnn(let phi, let alpha):
        // u = φ(a); h_t = α·h_{t−1} + (1 − α)·u
        // ∂a = (1 − α)·∂h_t·φ'(a);  ∂h_{t−1} = α·∂h_t + ∂a·W_hh
        let a = S(alpha)
        for j in 0..<(B * H) {
          let u = gate[j]
          let derivative: S = phi == .tanh ? 1 - u * u : (u > 0 ? 1 : 0)
          da[j] = (1 - a) * dhT[j] * derivative
          dhPrev[j] = a * dhT[j]
        }
        S.gemm(
          transA: false, transB: false, m: B, n: H, k: H, alpha: 1, a: da, lda: H,
          b: w.hiddenWeight, ldb: H, beta: 1, c: dhPrev, ldc: H)
      case .lstm:
        // h = o∘tanh(C): ∂o = ∂h∘tanh(C);  ∂C += ∂h∘o∘(1 − tanh²C)
        // C = f∘C_{t−1} + i∘C̃: ∂f = ∂C∘C_{t−1}; ∂i = ∂C∘C̃; ∂C̃ = ∂C∘i; ∂C_{t−1} = ∂C∘f
        // through the nonlinearities: σ' = σ(1 − σ), tanh' = 1 − tanh²
        let cPrev = tape.cells.pointer + t * B * H
        let cTanh = tape.cellTanh.pointer + t * B * H
        let dc = dCell.pointer
        for b in 0..<B {
          let g = gate + b * GH
          let d = da + b * GH
          for j in 0..<H {
            let k = b * H + j
            let i = g[j]
            let f = g[H + j]
            let candidate = g[2 * H + j]
            let o = g[3 * H + j]
            let tc = cTanh[k]
            let dhk = dhT[k]
            let dC = dc[k] + dhk * o * (1 - tc * tc)
            dCells.pointer[(t + 1) * B * H + k] = dC
            d[j] = dC * candidate * i * (1 - i)
            d[H + j] = dC * cPrev[k] * f * (1 - f)
            d[2 * H + j] = dC * i * (1 - candidate * candidate)
            d[3 * H + j] = dhk * tc * o * (1 - o)
            dc[k] = dC * f
          }
        }
        S.gemm(
          transA: false, transB: false, m: B, n: H, k: GH, alpha: 1, a: da, lda: GH,
          b: w.hiddenWeight, ldb: H, beta: 0, c: dhPrev, ldc: H)
      case .gru:
        // h = (1 − z)∘n + z∘h_{t−1}: ∂n = ∂h∘(1 − z); ∂z = ∂h∘(h_{t−1} − n); ∂h_{t−1} = ∂h∘z + …
        // n = tanh(P_n + r∘q_n): ∂(P_n) = ∂n∘(1 − n²); ∂q_n = ∂(P_n)∘r; ∂r = ∂(P_n)∘q_n
        let qn = tape.cells.pointer + t * B * H
        let dq = dHiddenGates.pointer + t * B * GH
        for b in 0..<B {
          let g = gate + b * GH
          let d = da + b * GH
          let e = dq + b * GH
          for j in 0..<H {
            let k = b * H + j
            let r = g[j]
            let z = g[H + j]
            let n = g[2 * H + j]
            let dhk = dhT[k]
            let dn = dhk * (1 - z) * (1 - n * n)
            let dz = dhk * (hPrev[k] - n) * z * (1 - z)
            let dr = dn * qn[k] * r * (1 - r)
            d[j] = dr
            d[H + j] = dz
            d[2 * H + j] = dn
            e[j] = dr
            e[H + j] = dz
            e[2 * H + j] = dn * r
            dhPrev[k] = dhk * z
          }
        }
        S.gemm(
          transA: false, transB: false, m: B, n: H, k: GH, alpha: 1, a: dq, lda: GH,
          b: w.hiddenWeight, ldb: H, beta: 1, c: dhPrev, ldc: H)
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
