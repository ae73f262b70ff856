// SGD and Adam with PyTorch's update rules and a state that checkpoints can save.
import Foundation
import GradTensor

/// Which update rule trains the model.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
  /// Plain SGD as word_language_model writes it: p ← p − lr·∂L/∂p.
  case sgd
  /// Adam (Kingma and Ba 2015) with PyTorch's bias correction.
  case adam
}

/// The optimizer's hyperparameters.
public struct OptimizerSettings: Codable, Equatable, Sendable {
  public var kind: OptimizerKind
  public var learningRate: Double
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double

  public init(
    kind: OptimizerKind, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8
  ) {
    self.kind = kind
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// word_language_model: SGD with lr 20.
  public static let sgd = OptimizerSettings(kind: .sgd, learningRate: 20)
  /// Adam with lr 10⁻³ (the NPLM benchmark's choice).
  public static let adam = OptimizerSettings(kind: .adam, learningRate: 1e-3)

  func validate() throws {
    guard learningRate >= 0, learningRate.isFinite, epsilon >= 0, (0..<1).contains(beta1),
      (0..<1).contains(beta2)
    else {
      throw ModelError.invalidArgument(
        "optimizer: need a finite learning rate ≥ 0, epsilon ≥ 0 and betas in [0, 1)")
    }
  }
}

/// Updates a model's parameters from their `.grad`, keeping its state (Adam's moments and step
/// count) where a checkpoint can read and restore it.
///
/// ```
/// SGD:   p ← p − lr·g
/// Adam:  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
///        p ← p − lr/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)
/// ```
public final class ModelOptimizer {
  public let settings: OptimizerSettings
  /// The current learning rate (annealing lowers it).
  public var learningRate: Double
  /// Updates applied so far (t in Adam's bias correction).
  public private(set) var stepCount = 0
  let parameters: [Tensor]
  private(set) var firstMoments: [Tensor] = []
  private(set) var secondMoments: [Tensor] = []

  public init(parameters: [Tensor], settings: OptimizerSettings) throws {
    try settings.validate()
    self.settings = settings
    self.learningRate = settings.learningRate
    self.parameters = parameters
    if settings.kind == .adam {
      firstMoments = try parameters.map { try $0.zerosLike() }
      secondMoments = try parameters.map { try $0.zerosLike() }
    }
  }

  /// Sets every parameter's gradient to nil.
  public func zeroGrad() {
    for p in parameters { p.grad = nil }
  }

  /// Applies one update to every parameter that has a gradient.
  public func step() throws {
    stepCount += 1
    for (k, p) in parameters.enumerated() {
      guard let g0 = p.grad else { continue }
      let g = try g0.to(p.dtype).contiguous()
      switch p.dtype {
      case .float64: try update(k, p, g, Double.self)
      default: try update(k, p, g, Float.self)
      }
    }
  }

  /// One parameter's update through GradTensor's update kernels, with this optimizer's own
  /// rounding of the coefficients (1 − β₁ in `S`) and no weight-decay term.
  private func update<S: KernelScalar>(_ k: Int, _ p: Tensor, _ gradient: Tensor, _: S.Type) throws
  {
    let w = try p.elements(S.self)
    let g = try gradient.elements(S.self)
    switch settings.kind {
    case .sgd:
      sgdUpdate(w, gradient: g, count: p.count, learningRate: S(learningRate), weightDecay: nil)
    case .adam:
      let t = Double(stepCount)
      let b1 = S(settings.beta1)
      let b2 = S(settings.beta2)
      let rule = AdamUpdate<S>(
        beta1: b1, oneMinusBeta1: 1 - b1, beta2: b2, oneMinusBeta2: 1 - b2,
        stepSize: S(learningRate / (1 - pow(settings.beta1, t))),
        inverseCorrectionRoot: S(1 / (1 - pow(settings.beta2, t)).squareRoot()),
        epsilon: S(settings.epsilon))
      rule.apply(
        to: w, gradient: g, firstMoment: try firstMoments[k].elements(S.self),
        secondMoment: try secondMoments[k].elements(S.self), count: p.count)
    }
    withExtendedLifetime(gradient) {}
  }

  /// The state as named tensors (`m.<k>`, `v.<k>` for parameter k), for checkpoints.
  public var stateTensors: [(name: String, tensor: Tensor)] {
    firstMoments.enumerated().map { ("m.\($0.offset)", $0.element) }
      + secondMoments.enumerated().map { ("v.\($0.offset)", $0.element) }
  }

  /// Takes over the state of an earlier optimizer of the same kind over the same parameters,
  /// so that a second training run continues the first: the step count (Adam's bias
  /// correction), Adam's moments, and the learning rate unless `learningRate` gives a new one.
  public func continueFrom(_ previous: ModelOptimizer, learningRate: Double? = nil) throws {
    guard previous.settings.kind == settings.kind else {
      throw ModelError.invalidArgument(
        "the earlier run used \(previous.settings.kind.rawValue), this one "
          + "\(settings.kind.rawValue): the state of one cannot continue the other")
    }
    guard previous.parameters.count == parameters.count,
      zip(previous.parameters, parameters).allSatisfy({ $0 === $1 })
    else {
      throw ModelError.invalidArgument("the earlier optimizer updated other parameters")
    }
    if settings.kind == .adam {
      try noGrad {
        for k in parameters.indices {
          try firstMoments[k].copy_(previous.firstMoments[k])
          try secondMoments[k].copy_(previous.secondMoments[k])
        }
      }
    }
    stepCount = previous.stepCount
    self.learningRate = learningRate ?? previous.learningRate
  }

  /// Restores a saved state: the step count, learning rate and, for Adam, both moments.
  public func restore(stepCount: Int, learningRate: Double, tensors: [String: Tensor]) throws {
    guard stepCount >= 0 else {
      throw ModelError.checkpoint("the optimizer state has a negative step count")
    }
    if settings.kind == .adam {
      for (k, p) in parameters.enumerated() {
        guard let m = tensors["m.\(k)"], let v = tensors["v.\(k)"] else {
          throw ModelError.checkpoint("the optimizer state lacks Adam's moments for parameter \(k)")
        }
        guard m.shape == p.shape, v.shape == p.shape else {
          throw ModelError.checkpoint(
            "Adam's moments for parameter \(k) have shape \(m.shape), the parameter \(p.shape)")
        }
        try noGrad {
          try firstMoments[k].copy_(m)
          try secondMoments[k].copy_(v)
        }
      }
    }
    self.stepCount = stepCount
    self.learningRate = learningRate
  }
}
