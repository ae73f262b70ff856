// The LSTM cell: one time step forward and one step back.
//
// Shape key: B batch, H hidden units. Pre-activations and gates [B, 4·H], row b's four gate
// blocks at b·4H + k·H in PyTorch's order i, f, g (= C̃), o; states h and C [B, H].
import GradTensor

/// One step of the LSTM cell for B rows at once, gates in PyTorch's order i, f, C̃ (PyTorch's
/// g), o.
///
/// ```
/// [i f C̃ o] = [σ σ tanh σ](W_xh·x_t + b_xh + W_hh·h_{t−1} + b_hh)   (the driver's GEMMs)
/// C_t = f∘C_{t−1} + i∘C̃
/// h_t = o∘tanh(C_t)
/// ```
///
/// Backward, from ∂L/∂h_t (all paths) and ∂L/∂C_t through C_{t+1}:
///
/// ```
/// ∂C_t     = ∂C_t|later + ∂h_t∘o∘(1 − tanh²C_t)
/// ∂o       = ∂h_t∘tanh(C_t)            ∂f = ∂C_t∘C_{t−1}
/// ∂i       = ∂C_t∘C̃                    ∂C̃ = ∂C_t∘i
/// ∂C_{t−1} = ∂C_t∘f
/// ```
///
/// and through the gates' nonlinearities, σ′ = σ(1 − σ) and tanh′ = 1 − tanh². h_{t−1} enters
/// only through W_hh: ∂L/∂h_{t−1} = W_hhᵀ·∂(pre-activations) is the driver's GEMM.
enum LSTMCell {
  /// Gate blocks stacked in W_xh and W_hh, H rows each.
  static let gateCount = 4
  /// Block index of the input gate i.
  static let inputGate = 0
  /// Block index of the forget gate f.
  static let forgetGate = 1
  /// Block index of the candidate C̃ (PyTorch's g).
  static let candidate = 2
  /// Block index of the output gate o.
  static let outputGate = 3

  /// Step forward: the gates' nonlinearities in place, then C_t and h_t.
  ///
  /// - Parameters:
  ///   - gates: pre-activations on entry, the gates i, f, C̃, o on return (kept for the
  ///     backward step), [B, 4H].
  ///   - previousCell: C_{t−1}, [B, H].
  ///   - cell: receives C_t, [B, H].
  ///   - cellTanh: receives tanh(C_t) (kept for the backward step), [B, H].
  ///   - hidden: receives h_t, [B, H].
  @inline(__always)
  static func forward<S: KernelScalar>(
    gates: UnsafeMutablePointer<S>, previousCell cPrev: UnsafePointer<S>,
    cell cNext: UnsafeMutablePointer<S>, cellTanh: UnsafeMutablePointer<S>,
    hidden hNext: UnsafeMutablePointer<S>, batch B: Int, hiddenSize H: Int
  ) {
    let GH = gateCount * H
    for b in 0..<B {
      let g = gates + b * GH
      let i = g + inputGate * H
      let f = g + forgetGate * H
      let c = g + candidate * H
      S.sigmoid(i, count: 2 * H)  // i and f, adjacent blocks
      S.tanh(c, count: H)
      S.sigmoid(g + outputGate * H, count: H)
      for j in 0..<H { cNext[b * H + j] = f[j] * cPrev[b * H + j] + i[j] * c[j] }
    }
    cellTanh.update(from: cNext, count: B * H)
    S.tanh(cellTanh, count: B * H)
    for b in 0..<B {
      let o = gates + b * GH + outputGate * H
      for j in 0..<H { hNext[b * H + j] = o[j] * cellTanh[b * H + j] }
    }
  }

  /// Step back: the pre-activations' gradients and ∂L/∂C_{t−1}.
  ///
  /// - Parameters:
  ///   - gates: i, f, C̃, o from the forward step, [B, 4H].
  ///   - previousCell: C_{t−1}, [B, H].
  ///   - cellTanh: tanh(C_t) from the forward step, [B, H].
  ///   - hiddenGradient: ∂L/∂h_t, [B, H].
  ///   - cellGradient: ∂L/∂C_t through C_{t+1} on entry, ∂L/∂C_{t−1} through C_t on return,
  ///     [B, H].
  ///   - cellGradientTotal: receives the full ∂L/∂C_t, [B, H].
  ///   - gateGradient: receives ∂L/∂(pre-activations), [B, 4H].
  @inline(__always)
  static func backward<S: KernelScalar>(
    gates: UnsafePointer<S>, previousCell cPrev: UnsafePointer<S>, cellTanh: UnsafePointer<S>,
    hiddenGradient dh: UnsafePointer<S>, cellGradient dc: UnsafeMutablePointer<S>,
    cellGradientTotal dcTotal: UnsafeMutablePointer<S>, gateGradient da: UnsafeMutablePointer<S>,
    batch B: Int, hiddenSize H: Int
  ) {
    let GH = gateCount * H
    for b in 0..<B {
      let g = gates + b * GH
      let d = da + b * GH
      for j in 0..<H {
        let k = b * H + j
        let i = g[inputGate * H + j]
        let f = g[forgetGate * H + j]
        let c = g[candidate * H + j]
        let o = g[outputGate * H + j]
        let tc = cellTanh[k]
        let dC = dc[k] + dh[k] * o * (1 - tc * tc)
        dcTotal[k] = dC
        d[inputGate * H + j] = dC * c * i * (1 - i)
        d[forgetGate * H + j] = dC * cPrev[k] * f * (1 - f)
        d[candidate * H + j] = dC * i * (1 - c * c)
        d[outputGate * H + j] = dh[k] * tc * o * (1 - o)
        dc[k] = dC * f
      }
    }
  }
}
