// The GRU cell (PyTorch's and cuDNN's variant): one time step forward and one step back.
//
// Shape key: B batch, H hidden units. Pre-activations and gates [B, 3·H], row b's three gate
// blocks at b·3H + k·H in PyTorch's order r, z, n; states [B, H].
import GradTensor

/// One step of the GRU cell for B rows at once, gates in PyTorch's order r, z, n (the
/// candidate h̃), with the reset gate applied after the product W_hn·h_{t−1} as cuDNN does.
///
/// ```
/// p = W_xh·x_t + b_xh,   q = W_hh·h_{t−1} + b_hh       (the driver's GEMMs)
/// r = σ(p_r + q_r)       z = σ(p_z + q_z)
/// n = tanh(p_n + r∘q_n)
/// h_t = (1 − z)∘n + z∘h_{t−1}
/// ```
///
/// Backward, from ∂L/∂h_t (all paths):
///
/// ```
/// ∂(p_n) = ∂h_t∘(1 − z)∘(1 − n²)         ∂q_n = ∂(p_n)∘r
/// ∂r = ∂(p_n)∘q_n                        ∂z = ∂h_t∘(h_{t−1} − n)
/// ∂h_{t−1} = ∂h_t∘z + W_hhᵀ·∂q                (the second term is the driver's GEMM)
/// ```
///
/// through σ′ = σ(1 − σ) for r and z. The input side and the recurrent side share ∂r and ∂z;
/// they differ in the candidate block, where r multiplies only q_n.
enum GRUCell {
  /// Gate blocks stacked in W_xh and W_hh, H rows each.
  static let gateCount = 3
  /// Block index of the reset gate r.
  static let resetGate = 0
  /// Block index of the update gate z.
  static let updateGate = 1
  /// Block index of the candidate n (the lecture's h̃).
  static let candidate = 2

  /// Step forward: the gates from both sides' pre-activations, then h_t.
  ///
  /// - Parameters:
  ///   - gates: p = W_xh·x_t + b_xh on entry, the gates r, z, n on return (kept for the
  ///     backward step), [B, 3H].
  ///   - recurrent: q = W_hh·h_{t−1} + b_hh, [B, 3H].
  ///   - previous: h_{t−1}, [B, H].
  ///   - recurrentCandidate: receives q_n = W_hn·h_{t−1} + b_hn (kept for the backward step),
  ///     [B, H].
  ///   - next: receives h_t, [B, H].
  @inline(__always)
  static func forward<S: KernelScalar>(
    gates: UnsafeMutablePointer<S>, recurrent q: UnsafePointer<S>,
    previous hPrev: UnsafePointer<S>, recurrentCandidate qn: UnsafeMutablePointer<S>,
    next hNext: UnsafeMutablePointer<S>, batch B: Int, hiddenSize H: Int
  ) {
    let GH = gateCount * H
    for b in 0..<B {
      let g = gates + b * GH
      let qb = q + b * GH
      for j in 0..<(2 * H) { g[j] += qb[j] }  // r and z, adjacent blocks
      S.sigmoid(g + resetGate * H, count: 2 * H)
      let r = g + resetGate * H
      let n = g + candidate * H
      let qbn = qb + candidate * H
      for j in 0..<H {
        n[j] += r[j] * qbn[j]
        qn[b * H + j] = qbn[j]
      }
      S.tanh(n, count: H)
      let z = g + updateGate * H
      for j in 0..<H { hNext[b * H + j] = (1 - z[j]) * n[j] + z[j] * hPrev[b * H + j] }
    }
  }

  /// Step back: the pre-activations' gradients on both sides, and the direct share of
  /// ∂L/∂h_{t−1} (the driver adds ∂q·W_hh).
  ///
  /// - Parameters:
  ///   - gates: r, z, n from the forward step, [B, 3H].
  ///   - recurrentCandidate: q_n from the forward step, [B, H].
  ///   - previous: h_{t−1}, [B, H].
  ///   - hiddenGradient: ∂L/∂h_t, [B, H].
  ///   - inputGateGradient: receives ∂L/∂p, [B, 3H].
  ///   - hiddenGateGradient: receives ∂L/∂q, [B, 3H].
  ///   - previousHiddenGradient: receives ∂L/∂h_t∘z, [B, H].
  @inline(__always)
  static func backward<S: KernelScalar>(
    gates: UnsafePointer<S>, recurrentCandidate qn: UnsafePointer<S>,
    previous hPrev: UnsafePointer<S>, hiddenGradient dh: UnsafePointer<S>,
    inputGateGradient dp: UnsafeMutablePointer<S>, hiddenGateGradient dq: UnsafeMutablePointer<S>,
    previousHiddenGradient dhPrev: UnsafeMutablePointer<S>, batch B: Int, hiddenSize H: Int
  ) {
    let GH = gateCount * H
    for b in 0..<B {
      let g = gates + b * GH
      let d = dp + b * GH
      let e = dq + b * GH
      for j in 0..<H {
        let k = b * H + j
        let r = g[resetGate * H + j]
        let z = g[updateGate * H + j]
        let n = g[candidate * H + j]
        let dhk = dh[k]
        let dn = dhk * (1 - z) * (1 - n * n)
        let dz = dhk * (hPrev[k] - n) * z * (1 - z)
        let dr = dn * qn[k] * r * (1 - r)
        d[resetGate * H + j] = dr
        d[updateGate * H + j] = dz
        d[candidate * H + j] = dn
        e[resetGate * H + j] = dr
        e[updateGate * H + j] = dz
        e[candidate * H + j] = dn * r
        dhPrev[k] = dhk * z
      }
    }
  }
}
