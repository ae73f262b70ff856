// The unfused reference of every recurrent layer, step by step from tensor operations: slow
// (about ten autograd nodes per step) but obviously the lecture's equations. Tests compare the
// fused kernels against it.
//
// It shares the cell kinds and the gate layout (the block indices of Cells/) with the kernels,
// and on purpose nothing else: the step equations here are written again with tensor operations
// and differentiated by autograd, so that a slip in a cell's hand-written backward step shows
// up as a mismatch instead of being checked against itself.
//
// Shape key: T time steps, B batch, D input features, H hidden units.
import GradTensor

extension RecurrentLayer {
  /// The same computation as `forward`, recorded op by op by autograd.
  func referenceForward(_ input: Tensor, state: LayerState) throws -> (
    output: Tensor, state: LayerState
  ) {
    let T = input.shape[0]
    let H = hiddenSize
    var h = state.hidden  // [B, H]
    var c = state.cell
    var outputs: [Tensor] = []
    // Gate block k of a stacked [G·H, ·] weight: rows k·H ..< (k+1)·H.
    func block(_ w: Tensor, _ k: Int) throws -> Tensor {
      try w.narrow(dim: 0, start: k * H, length: H)
    }
    for t in 0..<T {
      let x = try input.select(dim: 0, index: t)  // [B, D]
      switch kind {
      case .rnn, .leakyRNN:
        // h_t = α·h_{t−1} + (1 − α)·φ(W_hh·h_{t−1} + W_xh·x_t + b_xh + b_hh)
        let a = try x.matmul(inputWeight.T) + h.matmul(hiddenWeight.T) + bias + hiddenBias
        let u: Tensor
        switch nonlinearity {
        case .tanh: u = try a.tanh()
        case .relu: u = try a.relu()
        case .sigmoid: u = try a.sigmoid()
        }
        h = leak == 0 ? u : try h * leak + u * (1 - leak)
      case .lstm:
        func gate(_ k: Int) throws -> Tensor {
          try x.matmul(block(inputWeight, k).T) + h.matmul(block(hiddenWeight, k).T)
            + block(bias, k)
            + block(hiddenBias, k)
        }
        let i = try gate(LSTMCell.inputGate).sigmoid()
        let f = try gate(LSTMCell.forgetGate).sigmoid()
        let candidate = try gate(LSTMCell.candidate).tanh()  // C̃
        let o = try gate(LSTMCell.outputGate).sigmoid()
        guard let cPrev = c else { throw ModelError.invalidArgument("LSTM state needs a cell") }
        let cNext = try f * cPrev + i * candidate  // C_t = f∘C_{t−1} + i∘C̃
        h = try o * cNext.tanh()  // h_t = o∘tanh(C_t)
        c = cNext
      case .gru:
        func part(_ w: Tensor, _ b: Tensor, _ v: Tensor, _ k: Int) throws -> Tensor {
          try v.matmul(block(w, k).T) + block(b, k)
        }
        func gate(_ k: Int) throws -> Tensor {
          try part(inputWeight, bias, x, k) + part(hiddenWeight, hiddenBias, h, k)
        }
        let r = try gate(GRUCell.resetGate).sigmoid()
        let z = try gate(GRUCell.updateGate).sigmoid()
        let k = GRUCell.candidate
        // the reset gate after the product: r∘(W_hn·h_{t−1} + b_hn)
        let n = try (part(inputWeight, bias, x, k) + r * part(hiddenWeight, hiddenBias, h, k))
          .tanh()
        h = try (1 - z) * n + z * h  // h_t = (1 − z)∘h̃ + z∘h_{t−1}
      }
      outputs.append(h)
    }
    return (try Tensor.stack(outputs, dim: 0), LayerState(hidden: h.detach(), cell: c?.detach()))
  }
}
