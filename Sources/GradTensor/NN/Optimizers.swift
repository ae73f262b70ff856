// Optimizers with fused, allocation-free update loops, and gradient clipping.
import Foundation

/// Updates parameters from their `.grad`.
public protocol Optimizer: AnyObject {
  var parameters: [Tensor] { get }
  /// Applies one update to every parameter that has a gradient.
  func step() throws
}

extension Optimizer {
  /// Sets every parameter's `.grad` to nil.
  public func zeroGrad() {
    for p in parameters { p.grad = nil }
  }
}

/// Checks that a parameter can be updated in place and returns its contiguous gradient.
private func updatable(_ p: Tensor, _ name: String) throws -> Tensor? {
  guard let g = p.grad else { return nil }
  guard p.isContiguous, p.dtype.isFloatingPoint else {
    throw TensorError(
      .invalidArgument, "\(name): parameters must be contiguous floating point tensors")
  }
  guard g.shape == p.shape else {
    throw TensorError(
      .shapeMismatch,
      "\(name): gradient shape \(shapeString(g.shape)) does not match parameter shape "
        + "\(shapeString(p.shape))")
  }
  return try g.to(p.dtype).contiguous()
}

/// Stochastic gradient descent with momentum, dampening, Nesterov and weight decay, exactly as
/// PyTorch's `torch.optim.SGD`:
///
/// ```
/// g ← g + λ·p                      (weight decay)
/// b ← g                  (first step)
/// b ← μ·b + (1 − τ)·g    (later steps)
/// g ← g + μ·b (Nesterov) or b
/// p ← p − lr·g
/// ```
public final class SGD: Optimizer {
  public let parameters: [Tensor]
  public var learningRate: Double
  public let momentum: Double
  public let dampening: Double
  public let weightDecay: Double
  public let nesterov: Bool
  private var buffers: [Tensor?]

  public init(
    parameters: [Tensor], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
    weightDecay: Double = 0, nesterov: Bool = false
  ) throws {
    guard learningRate >= 0, momentum >= 0, weightDecay >= 0 else {
      throw TensorError(
        .invalidArgument, "SGD: learning rate, momentum and weight decay must be non-negative")
    }
    guard !nesterov || (momentum > 0 && dampening == 0) else {
      throw TensorError(
        .invalidArgument, "SGD: Nesterov momentum requires a momentum and zero dampening")
    }
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
    buffers = Array(repeating: nil, count: parameters.count)
  }

  public func step() throws {
    for (k, p) in parameters.enumerated() {
      guard let g = try updatable(p, "SGD") else { continue }
      var first = false
      if momentum != 0 && buffers[k] == nil {
        buffers[k] = try Tensor.zeros(p.shape, dtype: p.dtype)
        first = true
      }
      if p.dtype == .float32 {
        update(p, g, buffers[k], first, Float.self)
      } else {
        update(p, g, buffers[k], first, Double.self)
      }
    }
  }

  private func update<T: FloatElement>(
    _ p: Tensor, _ g: Tensor, _ buffer: Tensor?, _ first: Bool, _: T.Type
  ) {
    let n = p.count
    let pp = p.storage.typed(T.self) + p.storageOffset
    let pg = g.storage.typed(T.self) + g.storageOffset
    let lr = T(fromDouble: learningRate)
    let wd = T(fromDouble: weightDecay)
    let mu = T(fromDouble: momentum)
    let keep = T(fromDouble: 1 - dampening)
    guard let buffer else {
      for i in 0..<n { pp[i] -= lr * (pg[i] + wd * pp[i]) }
      return
    }
    let pb = buffer.storage.typed(T.self)
    for i in 0..<n {
      let d = pg[i] + wd * pp[i]
      let b = first ? d : mu * pb[i] + keep * d
      pb[i] = b
      pp[i] -= lr * (nesterov ? d + mu * b : b)
    }
  }
}

/// Adam (Kingma & Ba) as PyTorch's `torch.optim.Adam`, one fused pass per parameter:
///
/// ```
/// g ← g + λ·p                           (L2 weight decay)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
public final class Adam: Optimizer {
  public let parameters: [Tensor]
  public var learningRate: Double
  public let beta1: Double
  public let beta2: Double
  public let epsilon: Double
  public let weightDecay: Double
  /// Number of steps taken (t in the bias corrections).
  public private(set) var stepCount = 0
  private var firstMoments: [Tensor?]
  private var secondMoments: [Tensor?]

  public init(
    parameters: [Tensor], learningRate: Double = 1e-3, beta1: Double = 0.9,
    beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0
  ) throws {
    guard learningRate >= 0, epsilon >= 0, weightDecay >= 0,
      (0..<1).contains(beta1), (0..<1).contains(beta2)
    else {
      throw TensorError(
        .invalidArgument,
        "Adam: need learningRate ≥ 0, epsilon ≥ 0, weightDecay ≥ 0 and betas in [0, 1)")
    }
    self.parameters = parameters
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    firstMoments = Array(repeating: nil, count: parameters.count)
    secondMoments = Array(repeating: nil, count: parameters.count)
  }

  public func step() throws {
    stepCount += 1
    let t = Double(stepCount)
    let correction1 = 1 - Foundation.pow(beta1, t)
    let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
    for (k, p) in parameters.enumerated() {
      guard let g = try updatable(p, "Adam") else { continue }
      if firstMoments[k] == nil {
        firstMoments[k] = try Tensor.zeros(p.shape, dtype: p.dtype)
        secondMoments[k] = try Tensor.zeros(p.shape, dtype: p.dtype)
      }
      guard let m = firstMoments[k], let v = secondMoments[k] else { continue }
      if p.dtype == .float32 {
        updateFloat(p, g, m, v, correction1, correction2Root)
      } else {
        update(p, g, m, v, correction1, correction2Root, Double.self)
      }
    }
  }

  /// The float32 update, eight lanes at a time (same arithmetic as `update`).
  private func updateFloat(
    _ p: Tensor, _ g: Tensor, _ m: Tensor, _ v: Tensor, _ c1: Double, _ c2Root: Double
  ) {
    let n = p.count
    let pp = p.storage.typed(Float.self) + p.storageOffset
    let pg = g.storage.typed(Float.self) + g.storageOffset
    let pm = m.storage.typed(Float.self)
    let pv = v.storage.typed(Float.self)
    let b1 = Float(beta1)
    let b2 = Float(beta2)
    let oneMinusB1 = Float(1 - beta1)
    let oneMinusB2 = Float(1 - beta2)
    let wd = Float(weightDecay)
    let stepSize = Float(learningRate / c1)
    let invC2Root = Float(1 / c2Root)
    let eps = Float(epsilon)
    var i = 0
    while i + 8 <= n {
      let p8 = UnsafeRawPointer(pp + i).loadUnaligned(as: Float8.self)
      let g8 = UnsafeRawPointer(pg + i).loadUnaligned(as: Float8.self) + wd * p8
      let m8 = b1 * UnsafeRawPointer(pm + i).loadUnaligned(as: Float8.self) + oneMinusB1 * g8
      let v8 =
        b2 * UnsafeRawPointer(pv + i).loadUnaligned(as: Float8.self) + oneMinusB2 * g8 * g8
      UnsafeMutableRawPointer(pm + i).storeBytes(of: m8, as: Float8.self)
      UnsafeMutableRawPointer(pv + i).storeBytes(of: v8, as: Float8.self)
      let step = stepSize * m8 / (v8.squareRoot() * invC2Root + eps)
      UnsafeMutableRawPointer(pp + i).storeBytes(of: p8 - step, as: Float8.self)
      i += 8
    }
    while i < n {
      let gi = pg[i] + wd * pp[i]
      let mi = b1 * pm[i] + oneMinusB1 * gi
      let vi = b2 * pv[i] + oneMinusB2 * gi * gi
      pm[i] = mi
      pv[i] = vi
      pp[i] -= stepSize * mi / (vi.squareRoot() * invC2Root + eps)
      i += 1
    }
  }

  private func update<T: FloatElement>(
    _ p: Tensor, _ g: Tensor, _ m: Tensor, _ v: Tensor, _ c1: Double, _ c2Root: Double,
    _: T.Type
  ) {
    let n = p.count
    let pp = p.storage.typed(T.self) + p.storageOffset
    let pg = g.storage.typed(T.self) + g.storageOffset
    let pm = m.storage.typed(T.self)
    let pv = v.storage.typed(T.self)
    let b1 = T(fromDouble: beta1)
    let b2 = T(fromDouble: beta2)
    let oneMinusB1 = T(fromDouble: 1 - beta1)
    let oneMinusB2 = T(fromDouble: 1 - beta2)
    let wd = T(fromDouble: weightDecay)
    let stepSize = T(fromDouble: learningRate / c1)
    let invC2Root = T(fromDouble: 1 / c2Root)
    let eps = T(fromDouble: epsilon)
    for i in 0..<n {
      let gi = pg[i] + wd * pp[i]
      let mi = b1 * pm[i] + oneMinusB1 * gi
      let vi = b2 * pv[i] + oneMinusB2 * gi * gi
      pm[i] = mi
      pv[i] = vi
      pp[i] -= stepSize * mi / (vi.squareRoot() * invC2Root + eps)
    }
  }
}

/// Rescales gradients so that their combined norm is at most `maxNorm`; returns the norm
/// before clipping (PyTorch's `clip_grad_norm_`):
///
/// ```
/// total = √(Σ_p ‖∂L/∂p‖²)
/// if total > maxNorm:  ∂L/∂p ← ∂L/∂p · maxNorm / (total + 1e-6)
/// ```
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Double) throws -> Double {
  guard maxNorm >= 0, !maxNorm.isNaN else {
    throw TensorError(.invalidArgument, "clip_grad_norm_: maxNorm must be non-negative")
  }
  var total = 0.0
  for p in parameters {
    guard let g = p.grad else { continue }
    let c = try g.contiguous()
    if c.dtype == .float32 {
      // Eight float lanes per block of 1024 elements, each block's sum added in Double.
      let q = c.storage.typed(Float.self) + c.storageOffset
      let n = c.count
      var start = 0
      while start < n {
        let end = Swift.min(start + 1024, n)
        var acc = Float8(repeating: 0)
        var i = start
        while i + 8 <= end {
          let v = UnsafeRawPointer(q + i).loadUnaligned(as: Float8.self)
          acc += v * v
          i += 8
        }
        var block = Double(acc.sum())
        while i < end {
          block += Double(q[i] * q[i])
          i += 1
        }
        total += block
        start = end
      }
    } else {
      for v in c.toDoubleArray() { total += v * v }
    }
  }
  total = total.squareRoot()
  let coefficient = maxNorm / (total + 1e-6)
  if coefficient < 1 {
    try noGrad {
      for p in parameters { try p.grad?.mul_(coefficient) }
    }
  }
  return total
}
