// Which recurrent cell a layer runs. Each cell's step equations are written once, in its own
// file beside this one (RNNCell.swift, LSTMCell.swift, GRUCell.swift): one step forward and one
// step back over raw buffers, for a batch of rows, generic over float32 and float64.
//
// Two drivers call them. The fused training kernel (RecurrentKernels.swift) does the GEMMs over
// a chunk of T steps and hands each step's rows to the cell; the float64 tracer of the gradient
// diagnostics (Diagnostics/BackpropThroughTime.swift) does its own matrix–vector products for
// one sequence (batch 1) and calls the same cell functions. The op-by-op autograd reference
// (RecurrentReference.swift) deliberately does not: it is the independent check of the cells.
//
// Shape key: B batch, H hidden units, G gate blocks. The cells see one step: pre-activations
// [B, G·H] (gate block k of row b at b·G·H + k·H), states [B, H].
import GradTensor

/// The recurrent cells: what the layers train and the diagnostics trace.
public enum RecurrentCellKind: String, Sendable, CaseIterable, Equatable {
  /// h_t = φ(W_xh·x_t + W_hh·h_{t−1} + b).
  case rnn
  /// h_t = α·h_{t−1} + (1 − α)·φ(W_xh·x_t + W_hh·h_{t−1} + b).
  case leakyRNN = "leaky-rnn"
  /// Long short-term memory, gate blocks i, f, g, o as in PyTorch.
  case lstm
  /// Gated recurrent unit, gate blocks r, z, n as in PyTorch.
  case gru

  /// Gate blocks stacked in W_xh and W_hh: G.
  public var gateCount: Int {
    switch self {
    case .rnn, .leakyRNN: return RNNCell.gateCount
    case .lstm: return LSTMCell.gateCount
    case .gru: return GRUCell.gateCount
    }
  }

  /// The name students read ("RNN", "leaky RNN", "LSTM", "GRU").
  public var displayName: String {
    switch self {
    case .rnn: return "RNN"
    case .leakyRNN: return "leaky RNN"
    case .lstm: return "LSTM"
    case .gru: return "GRU"
    }
  }
}

extension ModelKind {
  /// The cell a recurrent language model of this kind stacks; nil for the NPLM.
  public var cellKind: RecurrentCellKind? {
    switch self {
    case .nplm: return nil
    case .rnn: return .rnn
    case .leakyRNN: return .leakyRNN
    case .lstm: return .lstm
    case .gru: return .gru
    }
  }
}
