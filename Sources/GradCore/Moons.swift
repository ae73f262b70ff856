// Two interleaving half circles ("two moons") and micrograd's classic demo:
// a small MLP learns to separate them with a hinge loss and plain SGD.

import Foundation
import GradBase

/// A two-moons data set: points in the plane, labels −1 and +1.
public struct Moons: Sendable {
  /// One `[x, y]` pair per point.
  public let points: [[Double]]
  /// −1 for the upper moon, +1 for the lower one.
  public let labels: [Double]

  /// Makes `count` points: half on each moon, shuffled, with Gaussian noise.
  ///
  /// ```
  /// upper moon: (cos t, sin t)               t evenly spaced in [0, π]
  /// lower moon: (1 − cos t, 0.5 − sin t)
  /// each coordinate + noise · N(0, 1)        (the generator's Box–Muller `gaussian()`)
  /// ```
  /// - Parameters:
  ///   - count: number of points (a negative count gives an empty set).
  ///   - noise: standard deviation of the added noise.
  ///   - seed: fixes the shuffle and the noise.
  public init(count: Int = 100, noise: Double = 0.1, seed: UInt64 = MoonsDemo.defaultSeed) {
    var generator = MersenneTwister(seed: seed)
    self.init(count: count, noise: noise, using: &generator)
  }

  /// Makes the points drawing shuffle and noise from `generator`.
  public init<Generator: SeededRandomNumberGenerator>(
    count: Int, noise: Double, using generator: inout Generator
  ) {
    let n = max(0, count)
    let upper = n / 2
    let lower = n - upper
    // t evenly spaced in [0, π], m points.
    func angles(_ m: Int) -> [Double] {
      m == 1 ? [0] : (0..<m).map { Double.pi * Double($0) / Double(m - 1) }
    }
    var xs = angles(upper).map { [Foundation.cos($0), Foundation.sin($0)] }
    xs += angles(lower).map { [1 - Foundation.cos($0), 0.5 - Foundation.sin($0)] }
    var ys = [Double](repeating: -1, count: upper) + [Double](repeating: 1, count: lower)
    // Fisher–Yates shuffle.
    var i = n - 1
    while i > 0 {
      let j = Int(generator.next() % UInt64(i + 1))
      xs.swapAt(i, j)
      ys.swapAt(i, j)
      i -= 1
    }
    points = xs.map { p in p.map { $0 + noise * generator.gaussian() } }
    labels = ys
  }
}

/// micrograd's demo: MLP(2, [16, 16, 1]) with ReLU learns two moons.
///
/// ```
/// loss = mean(relu(1 − yᵢ·scoreᵢ)) + 1e-4 · Σ p²      (hinge + L2)
/// p ← p − lr·∂loss/∂p,   lr = 1 − 0.9·k/steps          (k = 0 … steps−1)
/// ```
/// Each step builds the whole graph afresh (new input leaves, full batch),
/// zeroes the gradients, backpropagates and updates, as the notebook does.
public enum MoonsDemo {
  /// A seed with which 100 steps reach 100% training accuracy.
  public static let defaultSeed: UInt64 = 1337

  /// What one training step saw (loss and accuracy before its update).
  public struct Step: Sendable, CustomStringConvertible {
    /// 0-based step number.
    public let step: Int
    public let loss: Double
    /// Fraction of points classified correctly, 0…1.
    public let accuracy: Double
    public let learningRate: Double

    public var description: String {
      "step \(step) loss \(formatScalar(loss)), accuracy \(Int((accuracy * 100).rounded()))%"
    }
  }

  /// The trained model and how training went.
  public struct Result {
    public let model: MLP
    public let data: Moons
    /// Every step, in order.
    public let history: [Step]
    /// Nodes created on the tape during training (graph size × steps).
    public let nodesCreated: Int

    public var finalLoss: Double { history.last?.loss ?? .nan }
    public var finalAccuracy: Double { history.last?.accuracy ?? 0 }
  }

  /// Trains on 100 two-moons points.
  ///
  /// - Parameters:
  ///   - steps: SGD steps (100 in the notebook).
  ///   - seed: fixes the data (drawn first) and then the initial weights.
  ///   - progress: called after every step.
  /// - Throws: `Interrupted` when Ctrl-C was pressed (checked every step).
  public static func run(
    steps: Int = 100, seed: UInt64 = defaultSeed, progress: (Step) -> Void = { _ in }
  ) throws(Interrupted) -> Result {
    var generator = MersenneTwister(seed: seed)
    let data = Moons(count: 100, noise: 0.1, using: &generator)
    let model = MLP(
      validInputSize: 2, layerSizes: [16, 16, 1], activation: .relu, using: &generator)
    let parameters = model.parameters()
    let startNodes = TapeStatistics.nodesCreated
    var history: [Step] = []
    history.reserveCapacity(min(max(0, steps), 10_000))
    for k in 0..<max(0, steps) {
      try Interrupt.check()
      let (loss, accuracy) = lossAndAccuracy(model: model, parameters: parameters, data: data)
      parameters.zeroGrad()
      loss.backward()
      let learningRate = 1.0 - 0.9 * Double(k) / Double(steps)
      for p in parameters { p.data -= learningRate * p.grad }
      let step = Step(step: k, loss: loss.data, accuracy: accuracy, learningRate: learningRate)
      history.append(step)
      progress(step)
    }
    return Result(
      model: model, data: data, history: history,
      nodesCreated: TapeStatistics.nodesCreated - startNodes)
  }

  /// The full-batch loss graph and the accuracy of its scores.
  static func lossAndAccuracy(model: MLP, parameters: [Value], data: Moons) -> (Value, Double) {
    let scores = data.points.map { model.forward($0.map { Value($0) })[0] }
    var correct = 0
    var losses: [Value] = []
    losses.reserveCapacity(scores.count)
    for (y, score) in zip(data.labels, scores) {
      // Hinge: zero once the score has the right sign with margin 1.
      losses.append((1 + (-y) * score).relu())
      if (y > 0) == (score.data > 0) { correct += 1 }
    }
    let dataLoss = losses.sum() * (1.0 / Double(max(1, losses.count)))
    let regularization = 1e-4 * parameters.map { $0 * $0 }.sum()
    return (dataLoss + regularization, Double(correct) / Double(max(1, scores.count)))
  }
}
