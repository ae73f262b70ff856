// The training loop: minibatches (NPLM windows or BPTT chunks), cross-entropy, backward,
// clipping, the optimizer; perplexity per epoch; progress through callbacks; seeded.
//
// Loss: the mean cross-entropy over the tokens of a batch (as PyTorch's word_language_model
// and nn.CrossEntropyLoss do); perplexity = exp(mean cross-entropy over all predicted tokens).
import Foundation
import GradTensor

/// How to train.
public struct TrainingConfiguration: Sendable {
  /// Passes over the training tokens.
  public var epochs: Int
  /// NPLM: windows per batch; recurrent models: parallel streams (columns of batchify).
  public var batchSize: Int
  /// Recurrent models: steps per chunk of truncated backpropagation through time.
  public var bptt: Int
  public var optimizer: OptimizerSettings
  /// Clip the gradients' global norm to this value (nil: no clipping).
  public var gradientClip: Double?
  /// Divide the learning rate by 4 after an epoch whose validation loss did not improve (as
  /// word_language_model does).
  public var annealLearningRate: Bool
  /// Seed of the NPLM batch order (the model's own seed fixes weights and dropout).
  public var seed: UInt64
  /// Stop after this many optimizer steps in total (nil: run all epochs).
  public var maxSteps: Int?
  /// Call the progress callback every this many steps (and on the last step of an epoch).
  public var progressInterval: Int
  /// NPLM: how windows treat `<eos>` (see `NPLMDataset`).
  public var contextBoundary: ContextBoundary
  /// The vocabulary's `<eos>` id; needed for `.sentenceStart` windows.
  public var endOfSequenceID: TokenID?
  /// Batch size for validation and test perplexity.
  public var evaluationBatchSize: Int
  /// Checked before every step; returning true ends training early (Ctrl-C). The model stays
  /// usable and the result says it stopped.
  public var shouldStop: @Sendable () -> Bool

  public init(
    epochs: Int = 1, batchSize: Int = 20, bptt: Int = 35, optimizer: OptimizerSettings = .sgd,
    gradientClip: Double? = 0.25, annealLearningRate: Bool = false, seed: UInt64 = 1,
    maxSteps: Int? = nil, progressInterval: Int = 20,
    contextBoundary: ContextBoundary = .continuous,
    endOfSequenceID: TokenID? = nil, evaluationBatchSize: Int = 10,
    shouldStop: @escaping @Sendable () -> Bool = { false }
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.bptt = bptt
    self.optimizer = optimizer
    self.gradientClip = gradientClip
    self.annealLearningRate = annealLearningRate
    self.seed = seed
    self.maxSteps = maxSteps
    self.progressInterval = progressInterval
    self.contextBoundary = contextBoundary
    self.endOfSequenceID = endOfSequenceID
    self.evaluationBatchSize = evaluationBatchSize
    self.shouldStop = shouldStop
  }

  /// The lecture's NPLM run: batch 128, Adam 10⁻³, no clipping.
  public static var nplm: TrainingConfiguration {
    TrainingConfiguration(
      batchSize: 128, optimizer: .adam, gradientClip: nil, evaluationBatchSize: 512)
  }

  /// word_language_model's run: batch 20, bptt 35, SGD lr 20, clip 0.25, annealing ÷4.
  public static var recurrent: TrainingConfiguration {
    TrainingConfiguration(annealLearningRate: true)
  }

  func validate() throws {
    func require(_ ok: Bool, _ message: String) throws {
      if !ok { throw ModelError.invalidArgument(message) }
    }
    try require(epochs >= 1 && epochs <= 100_000, "epochs must be between 1 and 100000")
    try require(batchSize >= 1 && batchSize <= 1 << 20, "batch size must be at least 1")
    try require(bptt >= 1 && bptt <= 1 << 16, "bptt must be at least 1")
    try require(gradientClip.map { $0 > 0 } ?? true, "the gradient clip must be positive")
    try require(maxSteps.map { $0 >= 0 } ?? true, "maxSteps must not be negative")
    try require(progressInterval >= 1, "the progress interval must be at least 1")
    try require(evaluationBatchSize >= 1, "the evaluation batch size must be at least 1")
    try optimizer.validate()
  }
}

/// A snapshot during training, for a progress line.
public struct TrainingProgress: Sendable {
  public let epoch: Int
  /// Steps done in this epoch, and how many the epoch has.
  public let stepInEpoch: Int
  public let stepsPerEpoch: Int
  /// Optimizer steps since the start (including earlier runs restored from a checkpoint).
  public let step: Int
  /// Target tokens trained on so far in this run.
  public let tokens: Int
  public let tokensPerSecond: Double
  /// Mean loss of the steps since the previous report.
  public let loss: Double
  /// Gradient norm before clipping of the last step (nil without clipping).
  public let gradientNorm: Double?
  public let learningRate: Double
  /// Seconds since this run started, and an estimate of the seconds still to go.
  public let elapsed: Double
  public let estimatedRemaining: Double

  /// exp(loss).
  public var perplexity: Double { Foundation.exp(loss) }
}

/// One row of the lecture's table: epoch, train and validation perplexity, time.
public struct EpochSummary: Codable, Equatable, Sendable {
  public let epoch: Int
  public let trainPerplexity: Double
  public let validPerplexity: Double?
  public let learningRate: Double
  /// Seconds since the run started, at the end of this epoch.
  public let elapsed: Double

  /// `| 1 | 412.31 | 298.77 | 35.2 s |`
  public var tableRow: String {
    func cell(_ text: String, _ width: Int) -> String {
      String(repeating: " ", count: max(0, width - text.count)) + text
    }
    let valid = validPerplexity.map { String(format: "%.2f", $0) } ?? "–"
    return "| \(cell(String(epoch), 5)) | \(cell(String(format: "%.2f", trainPerplexity), 10)) | "
      + "\(cell(valid, 10)) | \(cell(String(format: "%.1f s", elapsed), 10)) |"
  }

  /// The header matching `tableRow`.
  public static let tableHeader =
    "| epoch |  train PPL |  valid PPL |    elapsed |\n|------:|-----------:|-----------:|-----------:|"
}

/// What a training run did.
public struct TrainingResult: Sendable {
  public let epochs: [EpochSummary]
  /// Perplexity on the test tokens (nil when none were given or training stopped early).
  public let testPerplexity: Double?
  /// True when `shouldStop` ended the run before it finished.
  public let stopped: Bool
  public let steps: Int
  public let tokens: Int
  /// Mean loss of the last epoch's steps.
  public let finalLoss: Double?
}

/// Where training stands; saved in checkpoints so a run can continue.
public struct TrainingState: Codable, Equatable, Sendable {
  /// Completed epochs.
  public var epochsCompleted: Int = 0
  /// Optimizer steps in total.
  public var steps: Int = 0
  /// Target tokens trained on in total.
  public var tokens: Int = 0
  /// Lowest validation loss seen (for annealing).
  public var bestValidLoss: Double?
  /// The epoch table so far.
  public var history: [EpochSummary] = []

  public init() {}
}

/// Trains a language model: `train(...)` runs whole epochs; `step(...)` runs single batches.
public final class Trainer {
  public let model: any LanguageModel
  public let configuration: TrainingConfiguration
  public let optimizer: ModelOptimizer
  public var state = TrainingState()
  /// The recurrent state carried between chunks (truncated BPTT).
  var carried: RecurrentState?

  public init(model: any LanguageModel, configuration: TrainingConfiguration) throws {
    try configuration.validate()
    self.model = model
    self.configuration = configuration
    optimizer = try ModelOptimizer(
      parameters: model.parameters(), settings: configuration.optimizer)
  }

  // MARK: - Single steps

  /// One NPLM step on a batch: forward, mean cross-entropy, backward, clip, update.
  ///
  /// - Parameters:
  ///   - contexts: B·n ids, row-major [B, n]; `targets`: B ids.
  /// - Returns: the loss before the update and the gradient norm (nil without clipping).
  @discardableResult
  public func step(contexts: [TokenID], targets: [TokenID]) throws -> (
    loss: Double, gradientNorm: Double?
  ) {
    guard let nplm = model as? NPLM else {
      throw ModelError.invalidArgument("step(contexts:targets:) trains an NPLM; use step(chunk:)")
    }
    model.isTraining = true
    optimizer.zeroGrad()
    let logits = try nplm.logits(contexts: contexts)
    let loss = try crossEntropy(logits, try targetTensor(targets, rows: logits.shape[0]))
    return try finish(loss)
  }

  /// One truncated-BPTT step on a chunk: the state from the previous chunk is carried in,
  /// detached, and the final state is kept for the next call.
  @discardableResult
  public func step(chunk: BPTTChunk) throws -> (loss: Double, gradientNorm: Double?) {
    guard let rnn = model as? RecurrentLanguageModel else {
      throw ModelError.invalidArgument(
        "step(chunk:) trains a recurrent model; use step(contexts:targets:)")
    }
    model.isTraining = true
    optimizer.zeroGrad()
    if let s = carried, s.layers.first?.hidden.shape.first != chunk.batchSize { carried = nil }
    let out = try rnn.forward(
      inputs: chunk.input, steps: chunk.length, batchSize: chunk.batchSize,
      state: carried?.detached())
    carried = out.state
    let loss = try crossEntropy(
      out.logits, try targetTensor(chunk.target, rows: out.logits.shape[0]))
    return try finish(loss)
  }

  /// Forgets the carried recurrent state (the next chunk starts from zeros).
  public func resetState() { carried = nil }

  private func finish(_ loss: Tensor) throws -> (loss: Double, gradientNorm: Double?) {
    let value = try loss.item()
    guard value.isFinite else {
      throw ModelError.invalidArgument(
        "the loss became \(value) at step \(state.steps + 1): lower the learning rate or clip "
          + "the gradients")
    }
    try loss.backward()
    var norm: Double? = nil
    if let clip = configuration.gradientClip {
      norm = try clipGradNorm(optimizer.parameters, maxNorm: clip)
    }
    try optimizer.step()
    state.steps += 1
    return (value, norm)
  }

  // MARK: - Whole runs

  /// Trains for `configuration.epochs` epochs, reporting progress and one table row per epoch,
  /// then measures test perplexity.
  ///
  /// - Parameters:
  ///   - train, valid, test: token ids (valid and test may be empty).
  ///   - progress: called every `progressInterval` steps.
  ///   - epochEnd: called with each epoch's table row.
  public func train(
    train: [TokenID], valid: [TokenID] = [], test: [TokenID] = [],
    progress: (TrainingProgress) -> Void = { _ in }, epochEnd: (EpochSummary) -> Void = { _ in }
  ) throws -> TrainingResult {
    let c = configuration
    let start = Date()
    var runTokens = 0
    var runSteps = 0
    var stopped = false
    var summaries: [EpochSummary] = []
    var lastEpochLoss: Double? = nil
    let firstEpoch = state.epochsCompleted + 1
    let lastEpoch = state.epochsCompleted + c.epochs
    let plan = try EpochPlan(model: model, tokens: train, configuration: c)
    let totalPlannedSteps = min(plan.steps * c.epochs, c.maxSteps ?? Int.max)

    for epoch in firstEpoch...lastEpoch {
      var lossSum = 0.0
      var lossTokens = 0
      var windowLoss = 0.0
      var windowSteps = 0
      var stepInEpoch = 0
      resetState()
      for batch in try plan.batches(epoch: epoch, seed: c.seed) {
        if c.shouldStop() {
          stopped = true
          break
        }
        if let limit = c.maxSteps, runSteps >= limit { break }
        let result: (loss: Double, gradientNorm: Double?)
        switch batch {
        case .windows(let b): result = try step(contexts: b.contexts, targets: b.targets)
        case .chunk(let ch): result = try step(chunk: ch)
        }
        let n = batch.targetCount
        runTokens += n
        runSteps += 1
        stepInEpoch += 1
        state.tokens += n
        lossSum += result.loss * Double(n)
        lossTokens += n
        windowLoss += result.loss
        windowSteps += 1
        if stepInEpoch % c.progressInterval == 0 || stepInEpoch == plan.steps {
          let elapsed = Date().timeIntervalSince(start)
          let rate = elapsed > 0 ? Double(runTokens) / elapsed : 0
          let remainingSteps = max(0, totalPlannedSteps - runSteps)
          let perStep = runSteps > 0 ? elapsed / Double(runSteps) : 0
          progress(
            TrainingProgress(
              epoch: epoch, stepInEpoch: stepInEpoch, stepsPerEpoch: plan.steps, step: state.steps,
              tokens: runTokens, tokensPerSecond: rate, loss: windowLoss / Double(windowSteps),
              gradientNorm: result.gradientNorm, learningRate: optimizer.learningRate,
              elapsed: elapsed, estimatedRemaining: perStep * Double(remainingSteps)))
          windowLoss = 0
          windowSteps = 0
        }
      }
      guard lossTokens > 0 else { break }
      let trainLoss = lossSum / Double(lossTokens)
      lastEpochLoss = trainLoss
      var validPerplexity: Double? = nil
      if !valid.isEmpty && !stopped {
        let validLoss = try evaluateLoss(model, tokens: valid, configuration: c)
        validPerplexity = Foundation.exp(validLoss)
        if let best = state.bestValidLoss, validLoss >= best, c.annealLearningRate {
          optimizer.learningRate /= 4
        }
        state.bestValidLoss = min(state.bestValidLoss ?? .infinity, validLoss)
      }
      let summary = EpochSummary(
        epoch: epoch, trainPerplexity: Foundation.exp(trainLoss), validPerplexity: validPerplexity,
        learningRate: optimizer.learningRate, elapsed: Date().timeIntervalSince(start))
      let complete = stepInEpoch == plan.steps
      if complete { state.epochsCompleted = epoch }
      state.history.append(summary)
      summaries.append(summary)
      epochEnd(summary)
      if !complete { break }
    }
    var testPerplexity: Double? = nil
    if !stopped && !test.isEmpty {
      testPerplexity = Foundation.exp(try evaluateLoss(model, tokens: test, configuration: c))
    }
    model.isTraining = true
    return TrainingResult(
      epochs: summaries, testPerplexity: testPerplexity, stopped: stopped, steps: runSteps,
      tokens: runTokens, finalLoss: lastEpochLoss)
  }

  private func targetTensor(_ targets: [TokenID], rows: Int) throws -> Tensor {
    guard targets.count == rows else {
      throw ModelError.invalidArgument("\(targets.count) targets for \(rows) predictions")
    }
    let V = Int64(model.configuration.vocabularySize)
    for t in targets where Int64(t) < 0 || Int64(t) >= V {
      throw ModelError.invalidArgument(
        "target id \(t) is outside the vocabulary (0..<\(V)); was the data encoded with this "
          + "model's vocabulary?")
    }
    return try Tensor(targets.map { Int64($0) }, shape: [rows])
  }
}

/// The batches of one epoch, for either kind of model.
enum TrainingBatch {
  case windows(NPLMBatch)
  case chunk(BPTTChunk)

  var targetCount: Int {
    switch self {
    case .windows(let b): return b.targets.count
    case .chunk(let c): return c.target.count
    }
  }
}

/// How an epoch is cut into batches.
struct EpochPlan {
  let windows: NPLMDataset?
  let stream: BPTTBatches?
  let configuration: TrainingConfiguration
  let steps: Int

  init(model: any LanguageModel, tokens: [TokenID], configuration c: TrainingConfiguration) throws {
    configuration = c
    if model.configuration.kind == .nplm {
      let data = try NPLMDataset(
        tokens: tokens, contextSize: model.configuration.contextSize, boundary: c.contextBoundary,
        endOfSequenceID: c.endOfSequenceID)
      guard data.count > 0 else {
        throw ModelError.invalidArgument(
          "the training text has \(tokens.count) tokens: too few for a context of "
            + "\(model.configuration.contextSize) words")
      }
      windows = data
      stream = nil
      steps = data.batchCount(batchSize: c.batchSize)
    } else {
      let batches = try BPTTBatches(tokens: tokens, batchSize: c.batchSize)
      guard batches.stepCount >= 2 else {
        throw ModelError.invalidArgument(
          "the training text has \(tokens.count) tokens: too few for \(c.batchSize) parallel "
            + "streams; use a smaller batch size")
      }
      windows = nil
      stream = batches
      steps = batches.chunkCount(bptt: c.bptt)
    }
  }

  func batches(epoch: Int, seed: UInt64) throws -> [TrainingBatch] {
    if let windows {
      return try windows.batches(
        batchSize: configuration.batchSize, shuffle: true, seed: seed, epoch: epoch
      )
      .map { .windows($0) }
    }
    guard let stream else { return [] }
    return try stream.chunks(bptt: configuration.bptt).map { .chunk($0) }
  }
}

/// Mean cross-entropy of `model` over `tokens`, without dropout or gradients: NPLM over every
/// window in order; recurrent models over batchified streams in chunks of `bptt`, carrying the
/// state (as word_language_model's evaluate()).
public func evaluateLoss(
  _ model: any LanguageModel, tokens: [TokenID], configuration c: TrainingConfiguration
) throws -> Double {
  let wasTraining = model.isTraining
  model.isTraining = false
  defer { model.isTraining = wasTraining }
  return try noGrad {
    var total = 0.0
    var count = 0
    if let nplm = model as? NPLM {
      let data = try NPLMDataset(
        tokens: tokens, contextSize: nplm.configuration.contextSize, boundary: c.contextBoundary,
        endOfSequenceID: c.endOfSequenceID)
      for batch in try data.batches(batchSize: c.evaluationBatchSize, shuffle: false) {
        let logits = try nplm.logits(contexts: batch.contexts)
        let targets = try Tensor(batch.targets.map { Int64($0) }, shape: [batch.targets.count])
        total += try crossEntropy(logits, targets, reduction: .sum).item()
        count += batch.targets.count
      }
    } else if let rnn = model as? RecurrentLanguageModel {
      let batchSize = max(1, min(c.evaluationBatchSize, tokens.count / 2))
      let stream = try BPTTBatches(tokens: tokens, batchSize: batchSize)
      var state: RecurrentState? = nil
      for chunk in try stream.chunks(bptt: c.bptt) {
        let out = try rnn.forward(
          inputs: chunk.input, steps: chunk.length, batchSize: chunk.batchSize, state: state)
        state = out.state
        let targets = try Tensor(chunk.target.map { Int64($0) }, shape: [chunk.target.count])
        total += try crossEntropy(out.logits, targets, reduction: .sum).item()
        count += chunk.target.count
      }
    }
    guard count > 0 else {
      throw ModelError.invalidArgument("too few tokens (\(tokens.count)) to measure perplexity")
    }
    return total / Double(count)
  }
}

/// exp(mean cross-entropy) of `model` over `tokens`.
public func perplexity(
  _ model: any LanguageModel, tokens: [TokenID], configuration: TrainingConfiguration
) throws -> Double {
  Foundation.exp(try evaluateLoss(model, tokens: tokens, configuration: configuration))
}
