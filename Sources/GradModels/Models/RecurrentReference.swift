// The unfused reference of every recurrent layer, step by step from tensor operations: slow
// (about ten autograd nodes per step) but obviously the lecture's equations. Tests compare the
// fused kernels against it.
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
      case .rnn(let phi, let leak):
        // h_t = α·h_{t−1} + (1 − α)·φ(W_hh·h_{t−1} + W_xh·x_t + b_xh + b_hh)
        let a = try x.matmul(inputWeight.T) + h.matmul(hiddenWeight.T) + bias + hiddenBias
        let u = phi == .tanh ? try a.tanh() : try a.relu()
        h = leak == 0 ? u : try h * leak + u * (1 - leak)
      case .lstm:
        func gate(_ k: Int) throws -> Tensor {
          try x.matmul(block(inputWeight, k).T) + h.matmul(block(hiddenWeight, k).T)
            + block(bias, k)
            + block(hiddenBias, k)
        }
        let i = try gate(0).sigmoid()  // input gate
        let f = try gate(1).sigmoid()  // forget gate
        let candidate = try gate(2).tanh()  // C̃
        let o = try gate(3).sigmoid()  // output gate
        guard let cPrev = c else { throw ModelError.invalidArgument("LSTM state needs a cell") }
        let cNext = try f * cPrev + i * candidate  // C_t = f∘C_{t−1} + i∘C̃
        h = try o * cNext.tanh()  // h_t = o∘tanh(C_t)
        c = cNext
      case .gru:
        func part(_ w: Tensor, _ b: Tensor, _ v: Tensor, _ k: Int) throws -> Tensor {
          try v.matmul(block(w, k).T) + block(b, k)
        }
        let r = try (part(inputWeight, bias, x, 0) + part(hiddenWeight, hiddenBias, h, 0)).sigmoid()
        let z = try (part(inputWeight, bias, x, 1) + part(hiddenWeight, hiddenBias, h, 1)).sigmoid()
        let n = try (part(inputWeight, bias, x, 2) + r * part(hiddenWeight, hiddenBias, h, 2))
          .tanh()
        h = try (1 - z) * n + z * h  // h_t = (1 − z)∘h̃ + z∘h_{t−1}
      }
      outputs.append(h)
    }
    return (try Tensor.stack(outputs, dim: 0), LayerState(hidden: h.detach(), cell: c?.detach()))
  }
}
