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

  private func update<T: FloatElement & KernelScalar>(
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
      sgdUpdate(pp, gradient: pg, count: n, learningRate: lr, weightDecay: wd)
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
        update(p, g, m, v, correction1, correction2Root, Float.self)
      } else {
        update(p, g, m, v, correction1, correction2Root, Double.self)
      }
    }
  }

  private func update<T: FloatElement & KernelScalar>(
    _ p: Tensor, _ g: Tensor, _ m: Tensor, _ v: Tensor, _ c1: Double, _ c2Root: Double,
    _: T.Type
  ) {
    let rule = AdamUpdate<T>(
      beta1: T(fromDouble: beta1), oneMinusBeta1: T(fromDouble: 1 - beta1),
      beta2: T(fromDouble: beta2), oneMinusBeta2: T(fromDouble: 1 - beta2),
      stepSize: T(fromDouble: learningRate / c1), inverseCorrectionRoot: T(fromDouble: 1 / c2Root),
      epsilon: T(fromDouble: epsilon), weightDecay: T(fromDouble: weightDecay))
    rule.apply(
      to: p.storage.typed(T.self) + p.storageOffset,
      gradient: g.storage.typed(T.self) + g.storageOffset,
      firstMoment: m.storage.typed(T.self), secondMoment: v.storage.typed(T.self), count: p.count)
  }
}

/// Plain SGD over raw buffers, the update `SGD` (without momentum) and the models' optimizer
/// share:
///
/// ```
/// p ← p − lr·(g + λ·p)      (λ nil: p ← p − lr·g, no decay term at all)
/// ```
public func sgdUpdate<S: KernelScalar>(
  _ parameter: UnsafeMutablePointer<S>, gradient: UnsafePointer<S>, count: Int, learningRate: S,
  weightDecay: S?
) {
  if let wd = weightDecay {
    for i in 0..<count { parameter[i] -= learningRate * (gradient[i] + wd * parameter[i]) }
  } else {
    for i in 0..<count { parameter[i] -= learningRate * gradient[i] }
  }
}

/// One Adam update of one parameter over raw buffers, shared by `Adam` and the models'
/// optimizer; float32 eight lanes at a time (the same arithmetic, lane by lane):
///
/// ```
/// g ← g + λ·p                                   (only when weightDecay is set)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// p ← p − stepSize · m / (√v · inverseCorrectionRoot + ε)
/// stepSize = lr / (1 − β₁ᵗ),  inverseCorrectionRoot = 1 / √(1 − β₂ᵗ)
/// ```
///
/// The coefficients are given already rounded to `S`, so that each caller keeps its own
/// rounding of them (1 − β₁ computed in Double or in `S` differ in the last bit for float32).
public struct AdamUpdate<S: KernelScalar> {
  public var beta1: S
  public var oneMinusBeta1: S
  public var beta2: S
  public var oneMinusBeta2: S
  public var stepSize: S
  public var inverseCorrectionRoot: S
  public var epsilon: S
  /// λ of L2 weight decay; nil leaves the gradient untouched (not even g + 0·p).
  public var weightDecay: S?

  public init(
    beta1: S, oneMinusBeta1: S, beta2: S, oneMinusBeta2: S, stepSize: S,
    inverseCorrectionRoot: S, epsilon: S, weightDecay: S? = nil
  ) {
    self.beta1 = beta1
    self.oneMinusBeta1 = oneMinusBeta1
    self.beta2 = beta2
    self.oneMinusBeta2 = oneMinusBeta2
    self.stepSize = stepSize
    self.inverseCorrectionRoot = inverseCorrectionRoot
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  /// Updates `count` elements of a parameter and its two moments in place from its gradient.
  public func apply(
    to parameter: UnsafeMutablePointer<S>, gradient: UnsafePointer<S>,
    firstMoment: UnsafeMutablePointer<S>, secondMoment: UnsafeMutablePointer<S>, count: Int
  ) {
    var i = 0
    if S.self == Float.self {
      i = eightFloatsAtATime(
        UnsafeMutableRawPointer(parameter), UnsafeRawPointer(gradient),
        UnsafeMutableRawPointer(firstMoment), UnsafeMutableRawPointer(secondMoment), count)
    }
    let b1 = beta1
    let b2 = beta2
    let c1 = oneMinusBeta1
    let c2 = oneMinusBeta2
    while i < count {
      var gi = gradient[i]
      if let wd = weightDecay { gi = gi + wd * parameter[i] }
      let mi = b1 * firstMoment[i] + c1 * gi
      let vi = b2 * secondMoment[i] + c2 * gi * gi
      firstMoment[i] = mi
      secondMoment[i] = vi
      parameter[i] -= stepSize * mi / (vi.squareRoot() * inverseCorrectionRoot + epsilon)
      i += 1
    }
  }

  /// The float32 update over the first ⌊n/8⌋·8 elements; returns where the scalar loop goes on.
  private func eightFloatsAtATime(
    _ parameter: UnsafeMutableRawPointer, _ gradient: UnsafeRawPointer,
    _ first: UnsafeMutableRawPointer, _ second: UnsafeMutableRawPointer, _ n: Int
  ) -> Int {
    func lanes(_ x: S) -> Float8 { Float8(repeating: Float(x)) }
    let b1 = lanes(beta1)
    let b2 = lanes(beta2)
    let c1 = lanes(oneMinusBeta1)
    let c2 = lanes(oneMinusBeta2)
    let lr = lanes(stepSize)
    let r = lanes(inverseCorrectionRoot)
    let e = lanes(epsilon)
    let wd = weightDecay.map(lanes)
    var i = 0
    while i + 8 <= n {
      let offset = i * 4
      let p = parameter.loadUnaligned(fromByteOffset: offset, as: Float8.self)
      var g = gradient.loadUnaligned(fromByteOffset: offset, as: Float8.self)
      if let wd { g = g + wd * p }
      let m = b1 * first.loadUnaligned(fromByteOffset: offset, as: Float8.self) + c1 * g
      let v = b2 * second.loadUnaligned(fromByteOffset: offset, as: Float8.self) + c2 * g * g
      first.storeBytes(of: m, toByteOffset: offset, as: Float8.self)
      second.storeBytes(of: v, toByteOffset: offset, as: Float8.self)
      parameter.storeBytes(
        of: p - lr * m / (v.squareRoot() * r + e), toByteOffset: offset, as: Float8.self)
      i += 8
    }
    return i
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
