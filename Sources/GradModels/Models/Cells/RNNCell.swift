// The Elman cell and its leaky variant: one time step forward and one step back.
//
// Shape key: B batch, H hidden units. The RNN has a single gate block, so one step's
// pre-activations and states are all [B, H], contiguous: the cell sees B·H numbers in a row.
import GradTensor

/// The nonlinearity φ of an RNN or leaky RNN (PyTorch's `nonlinearity=`).
public enum Nonlinearity: String, Codable, Sendable, CaseIterable {
  case tanh
  case relu
  case sigmoid

  /// The φ a language model's RNN takes, as `nn.RNN` does: tanh and ReLU. The sigmoid is for
  /// the gradient-flow experiments, where its γ_h = ¼ makes gradients vanish.
  public static let languageModelChoices: [Nonlinearity] = [.tanh, .relu]

  /// γ_h = sup|φ′|: 1 for tanh (at 0), ¼ for the sigmoid (at 0), 1 for ReLU.
  public var derivativeBound: Double {
    switch self {
    case .tanh, .relu: return 1
    case .sigmoid: return 0.25
    }
  }

  /// φ′ in terms of φ's own output u = φ(a), so that a backward pass needs only u:
  ///
  /// ```
  /// tanh′ = 1 − u²     σ′ = u·(1 − u)     ReLU′ = 1 if u > 0, else 0
  /// ```
  ///
  /// (u > 0 exactly when a > 0, so ReLU′ from u is ReLU′ from a.)
  @inline(__always) func derivative<S: KernelScalar>(output u: S) -> S {
    switch self {
    case .tanh: return 1 - u * u
    case .relu: return u > 0 ? 1 : 0
    case .sigmoid: return u * (1 - u)
    }
  }
}

/// One step of the (leaky) Elman cell for B rows at once.
///
/// ```
/// a_t = W_xh·x_t + b_xh + W_hh·h_{t−1} + b_hh      (the driver's GEMMs)
/// u_t = φ(a_t)
/// h_t = α·h_{t−1} + (1 − α)·u_t                    (α = 0: the vanilla RNN)
/// ```
///
/// Backward, from ∂L/∂h_t (all paths):
///
/// ```
/// ∂L/∂a_t     = (1 − α)·∂L/∂h_t ∘ φ′(a_t)
/// ∂L/∂h_{t−1} = α·∂L/∂h_t + W_hhᵀ·∂L/∂a_t          (the second term is the driver's GEMM)
/// ```
struct RNNCell {
  /// Gate blocks in W_xh and W_hh: the one pre-activation a.
  static let gateCount = 1

  let nonlinearity: Nonlinearity
  /// α, the share of h_{t−1} kept each step (0 for the vanilla RNN).
  let leak: Double

  /// Step forward: φ applied to the pre-activations in place, then h_t.
  ///
  /// - Parameters:
  ///   - gates: a_t on entry, u_t = φ(a_t) on return (kept for the backward step), [B, H].
  ///   - previous: h_{t−1}, [B, H].
  ///   - next: receives h_t, [B, H].
  ///   - count: B·H.
  @inline(__always)
  func forward<S: KernelScalar>(
    gates a: UnsafeMutablePointer<S>, previous hPrev: UnsafePointer<S>,
    next hNext: UnsafeMutablePointer<S>, count n: Int
  ) {
    switch nonlinearity {
    case .tanh: S.tanh(a, count: n)
    case .relu: for j in 0..<n { a[j] = max(a[j], 0) }
    case .sigmoid: S.sigmoid(a, count: n)
    }
    let alpha = S(leak)
    for j in 0..<n { hNext[j] = alpha * hPrev[j] + (1 - alpha) * a[j] }
  }

  /// Step back: ∂L/∂a_t, and the leak's direct share of ∂L/∂h_{t−1} (the driver adds
  /// ∂L/∂a_t·W_hh).
  ///
  /// - Parameters:
  ///   - gates: u_t from the forward step, [B, H].
  ///   - hiddenGradient: ∂L/∂h_t, [B, H].
  ///   - gateGradient: receives ∂L/∂a_t, [B, H].
  ///   - previousHiddenGradient: receives α·∂L/∂h_t, [B, H].
  ///   - count: B·H.
  @inline(__always)
  func backward<S: KernelScalar>(
    gates u: UnsafePointer<S>, hiddenGradient dh: UnsafePointer<S>,
    gateGradient da: UnsafeMutablePointer<S>,
    previousHiddenGradient dhPrev: UnsafeMutablePointer<S>,
    count n: Int
  ) {
    let alpha = S(leak)
    for j in 0..<n {
      da[j] = (1 - alpha) * dh[j] * nonlinearity.derivative(output: u[j])
      dhPrev[j] = alpha * dh[j]
    }
  }
}
