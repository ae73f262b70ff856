// ‖∂L/∂h_k‖ for every step k: how much the loss at the end still depends on early states.
//
// For a vanilla RNN the chain rule multiplies one Jacobian per step,
//
//   ∂L/∂h_k = (∏_{t=k+1..T} ∂h_t/∂h_{t−1})ᵀ · ∂L/∂h_T,   ∂h_t/∂h_{t−1} = diag(1 − h_t²)·W_hh
//
// so the norms shrink or grow roughly geometrically with the spectral radius of W_hh
// (vanishing and exploding gradients); the LSTM's additive cell path keeps them alive.
import Foundation
import GradTensor

/// Gradient norms along one sequence.
public struct HiddenStateGradientNorms: Equatable, Sendable {
  /// ‖∂L/∂h_k‖ for k = 0 … T (h_0 is the initial state).
  public let hidden: [Double]
  /// LSTM: ‖∂L/∂C_k‖ for k = 0 … T; nil for the other cells.
  public let cell: [Double]?
  /// The loss L.
  public let loss: Double
}

/// Runs one recurrent cell over `inputs` from h_0 = 0 (and C_0 = 0), with the loss
/// L = v·h_T, and returns ‖∂L/∂h_k‖ (and ‖∂L/∂C_k‖) for every k, in float64.
///
/// Weights as in PyTorch (`weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`; gate blocks i, f, g, o
/// for LSTM and r, z, n for GRU), so figures can be compared with a PyTorch script.
///
/// - Parameters:
///   - kind: `.rnn`, `.leakyRNN`, `.lstm` or `.gru`.
///   - nonlinearity, leak: φ and α for the RNNs (α only for `.leakyRNN`).
///   - inputWeight: W_xh [G·H, D]; `hiddenWeight`: W_hh [G·H, H].
///   - inputBias, hiddenBias: [G·H] each (nil: zeros).
///   - inputs: x_1 … x_T as [T, D].
///   - lossWeights: v [H].
public func hiddenStateGradientNorms(
  kind: RecurrentCellKind, nonlinearity: Nonlinearity = .tanh, leak: Double = 0,
  inputWeight: Tensor, hiddenWeight: Tensor, inputBias: Tensor? = nil, hiddenBias: Tensor? = nil,
  inputs: Tensor, lossWeights: Tensor
) throws -> HiddenStateGradientNorms {
  guard hiddenWeight.ndim == 2, inputWeight.ndim == 2, inputs.ndim == 2 else {
    throw ModelError.invalidArgument("weights must be matrices and inputs [T, D]")
  }
  let H = hiddenWeight.shape[1]
  let G = kind.gateCount
  let D = inputWeight.shape[1]
  let T = inputs.shape[0]
  try checkBLASSizes(T, G * H, D)
  guard hiddenWeight.shape[0] == G * H, inputWeight.shape[0] == G * H, inputs.shape[1] == D,
    lossWeights.shape == [H], T >= 1
  else {
    throw ModelError.invalidArgument(
      "shapes do not fit: W_hh \(hiddenWeight.shape) (expected [\(G)·H, H]), W_xh "
        + "\(inputWeight.shape), inputs \(inputs.shape), v \(lossWeights.shape)")
  }
  func float64(_ t: Tensor?, _ shape: [Int]) throws -> Tensor {
    guard let t else { return try Tensor.zeros(shape, dtype: .float64) }
    guard t.shape == shape else {
      throw ModelError.invalidArgument("a bias has shape \(t.shape), expected \(shape)")
    }
    return try t.detach().to(.float64).contiguous()
  }
  let wx = try float64(inputWeight, [G * H, D])
  let wh = try float64(hiddenWeight, [G * H, H])
  let bx = try float64(inputBias, [G * H])
  let bh = try float64(hiddenBias, [G * H])
  let x = try float64(inputs, [T, D])
  let v = try float64(lossWeights, [H])
  let zeros = try Tensor.zeros([H], dtype: .float64)
  let output = try Tensor.zeros([T, H], dtype: .float64)
  let kernel = RecurrentKernel<Double>(
    kind: kind, nonlinearity: nonlinearity, leak: kind == .leakyRNN ? leak : 0, steps: T,
    batch: 1, inputSize: D, hidden: H)
  let weights = RecurrentWeights<Double>(
    inputWeight: try wx.elements(Double.self), hiddenWeight: try wh.elements(Double.self),
    inputBias: try bx.elements(Double.self), hiddenBias: try bh.elements(Double.self))
  let px = try x.elements(Double.self)
  let pz = try zeros.elements(Double.self)
  let pv = try v.elements(Double.self)
  return try withExtendedLifetime((wx, wh, bx, bh, x, v, zeros, output)) {
    let tape = kernel.forward(
      x: px, h0: pz, c0: pz, weights: weights, output: try output.elements(Double.self))
    // L = v·h_T: only the last output has a direct gradient.
    let dY = ScratchBuffer<Double>(count: T * H)
    (dY.pointer + (T - 1) * H).update(from: pv, count: H)
    let g = kernel.backward(tape: tape, x: px, weights: weights, outputGradient: dY.pointer)
    let hT = tape.states.pointer + T * H
    var loss = 0.0
    for j in 0..<H { loss += pv[j] * hT[j] }
    func norms(_ p: UnsafeMutablePointer<Double>) -> [Double] {
      (0...T).map { k in
        var s = 0.0
        for j in 0..<H { s += p[k * H + j] * p[k * H + j] }
        return s.squareRoot()
      }
    }
    let cells: [Double]? = kind == .lstm ? norms(g.cells.pointer) : nil
    return HiddenStateGradientNorms(hidden: norms(g.states.pointer), cell: cells, loss: loss)
  }
}

extension RecurrentLanguageModel {
  /// ‖∂L/∂h_k^(l)‖ for every layer l and step k = 0 … T of one sequence, where L is the
  /// cross-entropy of the last step's prediction (how far back the last word's error reaches).
  ///
  /// - Parameters:
  ///   - tokens: the sequence w_1 … w_T; `target`: the word that should follow w_T.
  /// - Returns: one array of T + 1 norms per layer (index 0 is the initial state).
  public func hiddenStateGradientNorms(tokens: [TokenID], target: TokenID) throws -> [[Double]] {
    guard !tokens.isEmpty else { throw ModelError.invalidArgument("give at least one token") }
    guard target >= 0, Int(target) < configuration.vocabularySize else {
      throw ModelError.invalidArgument(
        "target id \(target) is outside the vocabulary (0..<\(configuration.vocabularySize))")
    }
    let wasTraining = isTraining
    isTraining = false
    defer { isTraining = wasTraining }
    var collected = [[Double]](repeating: [], count: configuration.layerCount)
    let out = try forward(
      inputs: try Tensor(tokens.map { Int64($0) }, shape: [tokens.count, 1]), state: nil
    ) { layer, gradients in
      let values = gradients.toDoubleArray()
      let H = gradients.shape.last ?? 1
      collected[layer] = stride(from: 0, to: values.count, by: H).map { start in
        values[start..<(start + H)].reduce(0) { $0 + $1 * $1 }.squareRoot()
      }
    }
    let last = try out.logits.narrow(dim: 0, start: tokens.count - 1, length: 1)
    let loss = try crossEntropy(last, try Tensor([Int64(target)], shape: [1]))
    for p in parameters() { p.grad = nil }
    try loss.backward()
    for p in parameters() { p.grad = nil }
    return collected
  }
}
