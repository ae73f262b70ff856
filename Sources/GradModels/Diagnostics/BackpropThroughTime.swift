// Backpropagation through time for one recurrent cell, written out step by step in float64,
// so that every intermediate the lecture talks about can be looked at.
//
// H hidden size, D input size, T steps, G gate blocks (1 RNN, 4 LSTM, 3 GRU).
//
// The chain rule through the hidden state:
//
//   ∂L/∂h_k = ∂L/∂h_k|direct + (∂h_{k+1}/∂h_k)ᵀ · ∂L/∂h_{k+1}
//
// and for a vanilla RNN, h_{j+1} = φ(a_{j+1}), a_{j+1} = W_xh·x_{j+1} + W_hh·h_j + b, the step
// Jacobian is
//
//   ∂h_{j+1}/∂h_j = Diag(φ′(a_{j+1})) · W_hh
//
// so ‖∂L/∂h_k‖ ≤ (γ_h·γ_w)^(T−k)·‖∂L/∂h_T‖ with γ_w = ‖W_hh‖₂ and γ_h = sup|φ′|.
//
// The cells' step equations, forward and back, are the training kernel's own
// (Models/Cells/), called here for batch 1 in float64; this file adds the matrix–vector
// products, clipping, and the Jacobians the lecture plots.
import Foundation
import GradTensor

/// Where the loss is read: L = v·h_T, or L = Σ_t v·h_t.
public enum LossPlacement: String, Sendable, Equatable, CaseIterable {
  /// Only the last state: every gradient has travelled T − k steps back.
  case lastStep = "last"
  /// Every state: ∂L/∂h_k also gets a direct term at each k.
  case everyStep = "every"
}

/// An error in the description of a diagnostic run, with a message a student can act on.
public struct DiagnosticError: Error, Equatable, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The weights of one recurrent cell, row-major float64 arrays in PyTorch's layout.
public struct RecurrentCellWeights: Sendable, Equatable {
  public var kind: RecurrentCellKind
  /// φ for the RNNs (ignored by LSTM and GRU).
  public var activation: Nonlinearity
  /// α of the leaky RNN (ignored by the other cells).
  public var leak: Double
  public let hiddenSize: Int
  public let inputSize: Int
  /// W_xh: [G·H, D].
  public var inputWeight: [Double]
  /// W_hh: [G·H, H].
  public var hiddenWeight: [Double]
  /// b_xh: [G·H].
  public var inputBias: [Double]
  /// b_hh: [G·H].
  public var hiddenBias: [Double]

  /// Checks every shape and α ∈ [0, 1]; biases default to zeros.
  public init(
    kind: RecurrentCellKind, activation: Nonlinearity = .tanh, leak: Double = 0,
    hiddenSize: Int, inputSize: Int, inputWeight: [Double], hiddenWeight: [Double],
    inputBias: [Double]? = nil, hiddenBias: [Double]? = nil
  ) throws(DiagnosticError) {
    guard hiddenSize > 0, inputSize > 0, hiddenSize <= 4096, inputSize <= 65536 else {
      throw DiagnosticError(
        "hidden size must be 1…4096 and input size 1…65536 (got \(hiddenSize), \(inputSize))")
    }
    let rows = kind.gateCount * hiddenSize
    let cell = (kind == .gru || kind == .leakyRNN ? "a " : "an ") + kind.displayName
    guard inputWeight.count == rows * inputSize else {
      throw DiagnosticError(
        "W_xh has \(inputWeight.count) entries; \(cell) with H=\(hiddenSize), "
          + "D=\(inputSize) needs [\(rows), \(inputSize)] = \(rows * inputSize)")
    }
    guard hiddenWeight.count == rows * hiddenSize else {
      throw DiagnosticError(
        "W_hh has \(hiddenWeight.count) entries; \(cell) with H=\(hiddenSize) "
          + "needs [\(rows), \(hiddenSize)] = \(rows * hiddenSize)")
    }
    let bx = inputBias ?? [Double](repeating: 0, count: rows)
    let bh = hiddenBias ?? [Double](repeating: 0, count: rows)
    guard bx.count == rows, bh.count == rows else {
      throw DiagnosticError("each bias needs \(rows) entries (G·H)")
    }
    guard leak >= 0, leak <= 1 else {
      throw DiagnosticError("the leak α must lie in [0, 1] (got \(leak))")
    }
    self.kind = kind
    self.activation = activation
    self.leak = kind == .leakyRNN ? leak : 0
    self.hiddenSize = hiddenSize
    self.inputSize = inputSize
    self.inputWeight = inputWeight
    self.hiddenWeight = hiddenWeight
    self.inputBias = bx
    self.hiddenBias = bh
  }

  /// The size of the recurrent state s_t: H, or 2H for the LSTM's (h_t, C_t).
  public var stateSize: Int { kind == .lstm ? 2 * hiddenSize : hiddenSize }
}

/// What one forward pass stored for the backward pass.
public struct RecurrentTrace: Sendable {
  public let weights: RecurrentCellWeights
  public let steps: Int
  /// h_0 … h_T, [T + 1, H].
  public let hiddenStates: [Double]
  /// C_0 … C_T for the LSTM, [T + 1, H]; empty otherwise.
  public let cellStates: [Double]
  /// Per step t = 1 … T (index t − 1): the gate outputs (LSTM i f g o, GRU r z n, RNN u = φ(a)),
  /// [T, G·H].
  let gates: [Double]
  /// LSTM: tanh(C_t) per step, [T, H]; empty otherwise.
  let cellTanh: [Double]
  /// GRU: q_n = W_hn·h_{t−1} + b_hn per step (for r∘q_n), [T, H]; empty otherwise.
  let recurrentCandidates: [Double]

  /// h_t as an array (t = 0 … T).
  public func hidden(at t: Int) -> [Double] {
    let H = weights.hiddenSize
    guard t >= 0, t <= steps else { return [] }
    return Array(hiddenStates[(t * H)..<((t + 1) * H)])
  }
}

/// The result of one backward pass through time.
public struct GradientFlow: Sendable, Equatable {
  /// ‖∂L/∂h_k‖ for k = 0 … T (after clipping, when clipping is on).
  public let hiddenNorms: [Double]
  /// LSTM: ‖∂L/∂C_k‖ for k = 0 … T; nil for the other cells.
  public let cellNorms: [Double]?
  /// ‖∂L/∂h_k‖ before the clip at step k (equal to `hiddenNorms` without clipping).
  public let unclippedNorms: [Double]
  /// The steps k at which clipping rescaled the gradient.
  public let clippedSteps: [Int]
  /// The loss L.
  public let loss: Double
  /// ∂L/∂h_k as vectors, [T + 1][H].
  public let hiddenGradients: [[Double]]
}

extension RecurrentCellWeights {
  /// Runs the cell over `inputs` ([T, D], row-major) from h_0 (and C_0), zeros by default.
  public func forward(
    inputs: [Double], steps T: Int, initialHidden: [Double]? = nil, initialCell: [Double]? = nil
  ) throws(DiagnosticError) -> RecurrentTrace {
    let H = hiddenSize
    let D = inputSize
    let GH = kind.gateCount * H
    guard T >= 1, T <= 100_000 else { throw DiagnosticError("T must be 1…100000 (got \(T))") }
    guard inputs.count == T * D else {
      throw DiagnosticError(
        "inputs have \(inputs.count) numbers; T=\(T) steps of D=\(D) need \(T * D)")
    }
    let h0 = initialHidden ?? [Double](repeating: 0, count: H)
    let c0 = initialCell ?? [Double](repeating: 0, count: H)
    guard h0.count == H, c0.count == H else {
      throw DiagnosticError("an initial state needs H=\(H) numbers")
    }
    let isLSTM = kind == .lstm
    let isGRU = kind == .gru
    let hs = ScratchBuffer<Double>(count: (T + 1) * H)
    let cs = ScratchBuffer<Double>(count: isLSTM ? (T + 1) * H : 0)
    let gates = ScratchBuffer<Double>(count: T * GH)
    let cellTanh = ScratchBuffer<Double>(count: isLSTM ? T * H : 0)
    let candidates = ScratchBuffer<Double>(count: isGRU ? T * H : 0)
    hs.pointer.update(from: h0, count: H)
    if isLSTM { cs.pointer.update(from: c0, count: H) }
    let p = ScratchBuffer<Double>(count: GH)  // W_xh·x_t + b_xh
    let q = ScratchBuffer<Double>(count: GH)  // W_hh·h_{t−1} + b_hh
    let rnn = RNNCell(nonlinearity: activation, leak: leak)
    for t in 0..<T {
      let hPrev = hs.pointer + t * H
      let hNext = hs.pointer + (t + 1) * H
      for r in 0..<GH {
        var s = inputBias[r]
        for d in 0..<D { s += inputWeight[r * D + d] * inputs[t * D + d] }
        p.pointer[r] = s
        var u = hiddenBias[r]
        for j in 0..<H { u += hiddenWeight[r * H + j] * hPrev[j] }
        q.pointer[r] = u
      }
      let g = gates.pointer + t * GH
      switch kind {
      case .rnn, .leakyRNN:
        for j in 0..<H { g[j] = p.pointer[j] + q.pointer[j] }  // a_t
        rnn.forward(gates: g, previous: hPrev, next: hNext, count: H)
      case .lstm:
        for r in 0..<GH { g[r] = p.pointer[r] + q.pointer[r] }
        LSTMCell.forward(
          gates: g, previousCell: cs.pointer + t * H, cell: cs.pointer + (t + 1) * H,
          cellTanh: cellTanh.pointer + t * H, hidden: hNext, batch: 1, hiddenSize: H)
      case .gru:
        g.update(from: p.pointer, count: GH)
        GRUCell.forward(
          gates: g, recurrent: q.pointer, previous: hPrev,
          recurrentCandidate: candidates.pointer + t * H, next: hNext, batch: 1, hiddenSize: H)
      }
    }
    func array(_ b: ScratchBuffer<Double>) -> [Double] {
      Array(UnsafeBufferPointer(start: b.pointer, count: b.count))
    }
    return RecurrentTrace(
      weights: self, steps: T, hiddenStates: array(hs), cellStates: array(cs),
      gates: array(gates), cellTanh: array(cellTanh), recurrentCandidates: array(candidates))
  }
}

extension RecurrentTrace {
  /// One step back: from the gradient with respect to the state after step t (t = 1 … T) to
  /// the gradient with respect to the state before it, a vector–Jacobian product uᵀ·∂s_t/∂s_{t−1}.
  ///
  /// - Parameters:
  ///   - t: the step, 1 … T.
  ///   - hidden: ∂L/∂h_t (all paths).
  ///   - cell: LSTM only: ∂L/∂C_t through C_{t+1} (not through h_t, which is added here).
  /// - Returns: ∂L/∂h_{t−1} through this step, and (LSTM) ∂L/∂C_{t−1} through C_t, and (LSTM)
  ///   the full ∂L/∂C_t.
  func stepBack(_ t: Int, hidden dh: [Double], cell dcLater: [Double])
    -> (hidden: [Double], cell: [Double], cellTotal: [Double])
  {
    let w = weights
    let H = w.hiddenSize
    let GH = w.kind.gateCount * H
    // Row t − 1 of an [·, H] array: of the states h_{t−1} or C_{t−1}, of the per-step arrays
    // what step t saved.
    func row(_ a: [Double]) -> [Double] { Array(a[((t - 1) * H)..<(t * H)]) }
    let stepGates = Array(gates[((t - 1) * GH)..<(t * GH)])
    var da = [Double](repeating: 0, count: GH)  // ∂L/∂(W_hh·h_{t−1} + b_hh), per gate row
    var dPrev = [Double](repeating: 0, count: H)
    var dcPrev: [Double] = []
    var dcTotal: [Double] = []
    switch w.kind {
    case .rnn, .leakyRNN:
      // ∂h_t/∂h_{t−1} = α·I + (1 − α)·Diag(φ′(a_t))·W_hh
      RNNCell(nonlinearity: w.activation, leak: w.leak).backward(
        gates: stepGates, hiddenGradient: dh, gateGradient: &da, previousHiddenGradient: &dPrev,
        count: H)
    case .lstm:
      // In: ∂L/∂C_t through C_{t+1}; out: ∂L/∂C_{t−1} through C_t.
      dcPrev = dcLater.isEmpty ? [Double](repeating: 0, count: H) : dcLater
      dcTotal = [Double](repeating: 0, count: H)
      LSTMCell.backward(
        gates: stepGates, previousCell: row(cellStates), cellTanh: row(cellTanh),
        hiddenGradient: dh, cellGradient: &dcPrev, cellGradientTotal: &dcTotal,
        gateGradient: &da, batch: 1, hiddenSize: H)
    case .gru:
      // The input side's gradients are the training kernel's business; here only W_hh's side.
      var inputSide = [Double](repeating: 0, count: GH)
      GRUCell.backward(
        gates: stepGates, recurrentCandidate: row(recurrentCandidates),
        previous: row(hiddenStates), hiddenGradient: dh, inputGateGradient: &inputSide,
        hiddenGateGradient: &da, previousHiddenGradient: &dPrev, batch: 1, hiddenSize: H)
    }
    // ∂L/∂h_{t−1} += W_hhᵀ · ∂L/∂(W_hh·h_{t−1})
    for r in 0..<GH where da[r] != 0 {
      let d = da[r]
      for j in 0..<H { dPrev[j] += w.hiddenWeight[r * H + j] * d }
    }
    return (dPrev, dcPrev, dcTotal)
  }

  /// Backward through time from the loss, optionally clipping ∂L/∂h_k to a maximal norm at
  /// every step on the way back.
  ///
  /// ```
  /// g_k ← g_k · c / ‖g_k‖   if ‖g_k‖ > c
  /// ```
  ///
  /// (for the LSTM the pair (∂L/∂h_k, ∂L/∂C_k) is clipped by its joint norm).
  ///
  /// - Parameters:
  ///   - lossWeights: v [H]; L = v·h_T or Σ_t v·h_t.
  ///   - loss: where the loss is read.
  ///   - clipThreshold: c > 0, or nil for no clipping.
  public func backward(
    lossWeights v: [Double], loss placement: LossPlacement = .lastStep,
    clipThreshold: Double? = nil
  ) throws(DiagnosticError) -> GradientFlow {
    let H = weights.hiddenSize
    let T = steps
    guard v.count == H else { throw DiagnosticError("v needs H=\(H) numbers (got \(v.count))") }
    if let c = clipThreshold, !(c > 0 && c.isFinite) {
      throw DiagnosticError("the clipping threshold must be a positive number (got \(c))")
    }
    var loss = 0.0
    for t in 0...T where t == T || (placement == .everyStep && t >= 1) {
      for j in 0..<H { loss += v[j] * hiddenStates[t * H + j] }
    }
    let isLSTM = weights.kind == .lstm
    var gradients = [[Double]](repeating: [], count: T + 1)
    var norms = [Double](repeating: 0, count: T + 1)
    var unclipped = [Double](repeating: 0, count: T + 1)
    var cellNorms = [Double](repeating: 0, count: T + 1)
    var clipped: [Int] = []
    var dh = v
    var dcLater: [Double] = isLSTM ? [Double](repeating: 0, count: H) : []
    for k in stride(from: T, through: 0, by: -1) {
      var norm = MatrixSpectra.euclideanNorm(dh)
      var joint = norm
      if isLSTM {
        let cellNorm = MatrixSpectra.euclideanNorm(dcLater)
        joint = (norm * norm + cellNorm * cellNorm).squareRoot()
      }
      unclipped[k] = norm
      if let c = clipThreshold, joint > c {
        let factor = c / joint
        dh = dh.map { $0 * factor }
        dcLater = dcLater.map { $0 * factor }
        norm *= factor
        clipped.append(k)
      }
      norms[k] = norm
      gradients[k] = dh
      guard k >= 1 else {
        if isLSTM { cellNorms[0] = MatrixSpectra.euclideanNorm(dcLater) }
        break
      }
      let back = stepBack(k, hidden: dh, cell: dcLater)
      if isLSTM { cellNorms[k] = MatrixSpectra.euclideanNorm(back.cellTotal) }
      dh = back.hidden
      dcLater = back.cell
      if placement == .everyStep && k - 1 >= 1 {
        for j in 0..<H { dh[j] += v[j] }
      }
    }
    return GradientFlow(
      hiddenNorms: norms, cellNorms: isLSTM ? cellNorms : nil, unclippedNorms: unclipped,
      clippedSteps: clipped.reversed(), loss: loss, hiddenGradients: gradients)
  }

  /// The step Jacobian ∂s_t/∂s_{t−1} as a row-major stateSize × stateSize matrix (t = 1 … T).
  ///
  /// For the RNNs this is α·I + (1 − α)·Diag(φ′(a_t))·W_hh, written out directly; for the GRU
  /// (s = h) and the LSTM (s = (h, C), 2H) it is assembled row by row from vector–Jacobian
  /// products eᵢᵀ·J.
  public func stepJacobian(at t: Int) throws(DiagnosticError) -> [Double] {
    guard t >= 1, t <= steps else { throw DiagnosticError("step t must be 1…\(steps)") }
    let w = weights
    let H = w.hiddenSize
    switch w.kind {
    case .rnn, .leakyRNN:
      let g = t - 1
      var J = [Double](repeating: 0, count: H * H)
      for i in 0..<H {
        let phiPrime = w.activation.derivative(output: gates[g * H + i])
        let scale = (1 - w.leak) * phiPrime
        for j in 0..<H { J[i * H + j] = scale * w.hiddenWeight[i * H + j] }
        J[i * H + i] += w.leak
      }
      return J
    case .gru, .lstm:
      let n = w.stateSize
      var J = [Double](repeating: 0, count: n * n)
      for i in 0..<n {
        var eh = [Double](repeating: 0, count: H)
        var ec = w.kind == .lstm ? [Double](repeating: 0, count: H) : []
        if i < H { eh[i] = 1 } else { ec[i - H] = 1 }
        let back = stepBack(t, hidden: eh, cell: ec)
        for j in 0..<H { J[i * n + j] = back.hidden[j] }
        if w.kind == .lstm { for j in 0..<H { J[i * n + H + j] = back.cell[j] } }
      }
      return J
    }
  }

  /// ‖∂s_t/∂s_{t−1}‖₂ for t = 1 … T (index t − 1), by power iteration.
  public func stepJacobianNorms() throws(DiagnosticError) -> [Double] {
    let n = weights.stateSize
    var norms: [Double] = []
    for t in 1...steps {
      let J = try stepJacobian(at: t)
      norms.append(MatrixSpectra.spectralNorm(J, rows: n, columns: n))
    }
    return norms
  }
}

/// The lecture's constants for an RNN: γ_w = ‖W_hh‖₂, γ_h = sup|φ′|, and ρ(W_hh).
public struct RecurrentGammas: Sendable, Equatable {
  /// γ_w = ‖W_hh‖₂, the largest singular value.
  public let weightNorm: Double
  /// γ_h = sup|φ′|.
  public let derivativeBound: Double
  /// ρ(W_hh) = max|λ|.
  public let spectralRadius: Double
  /// α (0 for the vanilla RNN).
  public let leak: Double

  public init(weightNorm: Double, derivativeBound: Double, spectralRadius: Double, leak: Double) {
    self.weightNorm = weightNorm
    self.derivativeBound = derivativeBound
    self.spectralRadius = spectralRadius
    self.leak = leak
  }

  /// The most one step can stretch a gradient: α + (1 − α)·γ_h·γ_w.
  public var stepFactor: Double { leak + (1 - leak) * derivativeBound * weightNorm }
}

extension RecurrentCellWeights {
  /// γ_w, γ_h and ρ of W_hh (for LSTM and GRU: of the first H × H gate block, with γ_h of the
  /// cell's own nonlinearity taken as 1).
  public func gammas() -> RecurrentGammas {
    let H = hiddenSize
    let block = Array(hiddenWeight.prefix(H * H))
    let isRNN = kind == .rnn || kind == .leakyRNN
    return RecurrentGammas(
      weightNorm: MatrixSpectra.spectralNorm(block, rows: H, columns: H),
      derivativeBound: isRNN ? activation.derivativeBound : 1,
      spectralRadius: MatrixSpectra.spectralRadius(block, size: H),
      leak: kind == .leakyRNN ? leak : 0)
  }
}

extension GradientFlow {
  /// The lecture's upper bound on ‖∂L/∂h_k‖ for the RNNs, k = 0 … T:
  ///
  /// ```
  /// b_T = ‖∂L/∂h_T‖,   b_k = ‖∂L/∂h_k|direct‖ + γ·b_{k+1},   γ = α + (1 − α)·γ_h·γ_w
  /// ```
  ///
  /// which is (γ_h·γ_w)^(T−k)·‖∂L/∂h_T‖ for a vanilla RNN with the loss at the last step.
  /// Clipping only shrinks gradients, so the bound holds with it too.
  public static func bound(
    steps T: Int, lastNorm: Double, directNorm: Double, stepFactor gamma: Double,
    loss placement: LossPlacement
  ) -> [Double] {
    guard T >= 0 else { return [] }
    var b = [Double](repeating: 0, count: T + 1)
    b[T] = lastNorm
    for k in stride(from: T - 1, through: 0, by: -1) {
      let direct = placement == .everyStep && k >= 1 ? directNorm : 0
      b[k] = direct + gamma * b[k + 1]
    }
    return b
  }
}
