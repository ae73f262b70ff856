import Foundation
import GradTensor
import Synchronization
import Testing

@testable import GradModels

/// The training loop on the shipped toy corpus: learning, determinism, stopping, prediction.
@Suite struct TrainerTests {
  static let data: LanguageModelData? = try? LanguageModelData(corpus: Corpus.toy)

  func toyData() throws -> LanguageModelData { try #require(Self.data) }

  func nplm(_ data: LanguageModelData, seed: UInt64 = 1) throws -> NPLM {
    var c = ModelConfiguration.nplm(vocabularySize: data.tokenizer.vocabulary.count)
    c.embeddingSize = 16
    c.hiddenSize = 32
    c.seed = seed
    return try NPLM(c)
  }

  func recurrent(_ kind: ModelKind, _ data: LanguageModelData, dropout: Double = 0) throws
    -> RecurrentLanguageModel
  {
    try RecurrentLanguageModel(
      ModelConfiguration(
        kind: kind, vocabularySize: data.tokenizer.vocabulary.count, embeddingSize: 16,
        hiddenSize: 24, layerCount: 2, dropout: dropout))
  }

  @Test func nplmLearnsTheToyCorpusAndPredictsOn() throws {
    let data = try toyData()
    let model = try nplm(data)
    var config = TrainingConfiguration.nplm
    config.optimizer.learningRate = 0.01
    config.maxSteps = 250
    config.progressInterval = 25
    let trainer = try Trainer(model: model, configuration: config)
    var reports: [TrainingProgress] = []
    var rows: [EpochSummary] = []
    let result = try trainer.train(
      train: data.train, valid: data.valid, test: data.test, progress: { reports.append($0) },
      epochEnd: { rows.append($0) })
    #expect(!result.stopped)
    #expect(result.steps == 250)
    #expect(reports.count == 10)
    let first = try #require(reports.first)
    let last = try #require(reports.last)
    #expect(first.loss > last.loss + 1)
    #expect(last.tokens == 250 * 128)
    #expect(last.step == 250)
    #expect(rows.count == 1)
    let valid = try #require(rows.first?.validPerplexity)
    #expect(valid < 12)  // uniform guessing would be |V| = 297
    #expect(try #require(result.testPerplexity) < 12)
    #expect(rows.first?.tableRow.hasPrefix("|     1 |") == true)

    let top = try predict(model, tokenizer: data.tokenizer, prompt: "the cat sat", topK: 3)
    #expect(top.count == 3)
    #expect(top.first?.token == "on")
    #expect(top.map(\.probability).reduce(0, +) <= 1)
    #expect(top[0].probability >= top[1].probability)
  }

  @Test(arguments: [ModelKind.rnn, .leakyRNN, .lstm, .gru])
  func recurrentModelsLearn(kind: ModelKind) throws {
    let data = try toyData()
    let model = try recurrent(kind, data)
    var config = TrainingConfiguration.recurrent
    config.optimizer = .adam
    config.optimizer.learningRate = 0.01
    config.batchSize = 8
    config.bptt = 20
    config.maxSteps = 60
    config.progressInterval = 10
    let trainer = try Trainer(model: model, configuration: config)
    var losses: [Double] = []
    let result = try trainer.train(train: data.train, progress: { losses.append($0.loss) })
    #expect(result.steps == 60)
    let first = try #require(losses.first)
    let last = try #require(losses.last)
    #expect(first > last + 1)
    #expect(last < 4.5)
  }

  @Test func trainingIsDeterministicGivenTheSeeds() throws {
    let data = try toyData()
    func run() throws -> [Double] {
      let model = try recurrent(.lstm, data, dropout: 0.2)
      var config = TrainingConfiguration.recurrent
      config.maxSteps = 5
      config.progressInterval = 1
      let trainer = try Trainer(model: model, configuration: config)
      var losses: [Double] = []
      _ = try trainer.train(train: data.train, progress: { losses.append($0.loss) })
      return losses
    }
    let a = try run()
    let b = try run()
    #expect(a.count == 5)
    #expect(a == b)
    func runNPLM(seed: UInt64) throws -> [Double] {
      var config = TrainingConfiguration.nplm
      config.maxSteps = 4
      config.progressInterval = 1
      config.seed = seed
      let trainer = try Trainer(model: try nplm(data), configuration: config)
      var losses: [Double] = []
      _ = try trainer.train(train: data.train, progress: { losses.append($0.loss) })
      return losses
    }
    #expect(try runNPLM(seed: 1) == runNPLM(seed: 1))
    #expect(try runNPLM(seed: 1) != runNPLM(seed: 2))
  }

  @Test func shouldStopEndsTheRunAndLeavesAUsableModel() throws {
    let data = try toyData()
    let model = try nplm(data)
    let calls = Atomic<Int>(0)
    var config = TrainingConfiguration.nplm
    config.epochs = 3
    config.shouldStop = { calls.add(1, ordering: .relaxed).newValue > 4 }
    let trainer = try Trainer(model: model, configuration: config)
    let result = try trainer.train(train: data.train, valid: data.valid, test: data.test)
    #expect(result.stopped)
    #expect(result.steps == 4)
    #expect(result.testPerplexity == nil)
    #expect(trainer.state.epochsCompleted == 0)
    let top = try predict(model, tokenizer: data.tokenizer, prompt: "the dog", topK: 2)
    #expect(top.count == 2)
  }

  @Test func samplingIsSeededAndChecksItsArguments() throws {
    let data = try toyData()
    let model = try recurrent(.gru, data)
    let a = try sample(model, tokenizer: data.tokenizer, prompt: "the cat", count: 12, seed: 5)
    let b = try sample(model, tokenizer: data.tokenizer, prompt: "the cat", count: 12, seed: 5)
    let c = try sample(model, tokenizer: data.tokenizer, prompt: "the cat", count: 12, seed: 6)
    #expect(a == b)
    #expect(a != c)
    #expect(!a.isEmpty)
    #expect(throws: ModelError.self) {
      try sample(model, tokenizer: data.tokenizer, prompt: "x", count: 3, temperature: 0)
    }
    let other = try RecurrentLanguageModel(ModelConfiguration(kind: .rnn, vocabularySize: 5))
    #expect(throws: ModelError.self) {
      try predict(other, tokenizer: data.tokenizer, prompt: "the")
    }
  }

  @Test func epochRowsLineUpWithTheHeader() {
    let header = EpochSummary.tableHeader.split(separator: "\n").map(String.init)
    let row = EpochSummary(
      epoch: 12, trainPerplexity: 412.345, validPerplexity: 298.7, learningRate: 20, elapsed: 35.2)
    let noValid = EpochSummary(
      epoch: 3, trainPerplexity: 9.5, validPerplexity: nil, learningRate: 5, elapsed: 1234.56)
    #expect(row.tableRow == "|    12 |     412.35 |     298.70 |     35.2 s |")
    #expect(noValid.tableRow == "|     3 |       9.50 |          – |   1234.6 s |")
    #expect(header.allSatisfy { $0.count == row.tableRow.count })
  }

  @Test func stepRefusesTargetsOutsideTheVocabulary() throws {
    let data = try toyData()
    let trainer = try Trainer(model: try nplm(data), configuration: .nplm)
    #expect(throws: ModelError.self) { try trainer.step(contexts: [1, 2, 3], targets: [100_000]) }
    #expect(throws: ModelError.self) { try trainer.step(contexts: [1, 2, 3], targets: [1, 2]) }
  }

  @Test func annealingDividesTheLearningRateWhenValidationStalls() throws {
    let data = try toyData()
    let model = try recurrent(.rnn, data)
    var config = TrainingConfiguration.recurrent
    config.epochs = 2
    config.optimizer.learningRate = 0  // nothing changes, so validation cannot improve
    config.batchSize = 64
    let trainer = try Trainer(model: model, configuration: config)
    let result = try trainer.train(train: Array(data.train.prefix(3000)), valid: data.valid)
    #expect(result.epochs.count == 2)
    #expect(result.epochs[0].validPerplexity == result.epochs[1].validPerplexity)
    #expect(trainer.optimizer.learningRate == 0)
    var config2 = config
    config2.optimizer.learningRate = 1e-12
    let trainer2 = try Trainer(model: model, configuration: config2)
    _ = try trainer2.train(train: Array(data.train.prefix(3000)), valid: data.valid)
    #expect(trainer2.optimizer.learningRate < 1e-12)
  }
}

/// Two runs where the second continues the first's optimizer give the weights of one run.
@Suite struct OptimizerContinuationTests {
  @Test func threeStepsThenTwoEqualFiveInOneRun() throws {
    let data = try #require(TrainerTests.data)
    let helper = TrainerTests()
    let batches: [([TokenID], [TokenID])] = (0..<5).map { k in
      let ids = Array(data.train[(k * 40)..<(k * 40 + 40)])
      return (Array(ids[0..<30]), Array(ids[30..<40]))
    }
    var config = TrainingConfiguration.nplm
    config.optimizer.learningRate = 0.01

    let once = try helper.nplm(data)
    let single = try Trainer(model: once, configuration: config)
    for (contexts, targets) in batches { try single.step(contexts: contexts, targets: targets) }

    let twice = try helper.nplm(data)
    let first = try Trainer(model: twice, configuration: config)
    for (contexts, targets) in batches[0..<3] {
      try first.step(contexts: contexts, targets: targets)
    }
    let second = try Trainer(model: twice, configuration: config)
    try second.optimizer.continueFrom(first.optimizer)
    for (contexts, targets) in batches[3...] {
      try second.step(contexts: contexts, targets: targets)
    }
    #expect(second.optimizer.stepCount == 5)
    for (a, b) in zip(once.parameters(), twice.parameters()) {
      #expect(a.toDoubleArray() == b.toDoubleArray())
    }

    // Without the earlier state, Adam's bias correction starts again and the weights differ.
    let fresh = try helper.nplm(data)
    let restart = try Trainer(model: fresh, configuration: config)
    for (contexts, targets) in batches[0..<3] {
      try restart.step(contexts: contexts, targets: targets)
    }
    let again = try Trainer(model: fresh, configuration: config)
    for (contexts, targets) in batches[3...] {
      try again.step(contexts: contexts, targets: targets)
    }
    #expect(fresh.parameters()[0].toDoubleArray() != once.parameters()[0].toDoubleArray())
  }

  @Test func anotherKindOfOptimizerCannotContinue() throws {
    let data = try #require(TrainerTests.data)
    let model = try TrainerTests().nplm(data)
    var sgd = TrainingConfiguration.nplm
    sgd.optimizer = .sgd
    let a = try Trainer(model: model, configuration: TrainingConfiguration.nplm)
    let b = try Trainer(model: model, configuration: sgd)
    #expect(throws: ModelError.self) { try b.optimizer.continueFrom(a.optimizer) }
  }
}

/// float32 training at sizes where every product runs in the fast kernels (the AVX-512 GEMM and
/// FloatVector on processors that have them, BLAS and eight-lane Swift elsewhere) against the
/// same model in float64 (BLAS dgemm, scalar libm) from the same weights and batches.
@Suite struct Float32PathTests {
  func configuration(_ kind: ModelKind, _ dtype: DType) -> ModelConfiguration {
    ModelConfiguration(
      kind: kind, vocabularySize: 300, embeddingSize: 48, hiddenSize: 64, layerCount: 2,
      contextSize: 3, dtype: dtype)
  }

  /// Six SGD steps from `weights`; the losses.
  func losses(_ kind: ModelKind, _ dtype: DType, weights: [String: Tensor]) throws -> [Double] {
    let model = try makeLanguageModel(configuration(kind, dtype))
    try copyWeights(from: weights, prefix: "", into: model, source: "the float32 model")
    var training = kind == .nplm ? TrainingConfiguration.nplm : TrainingConfiguration.recurrent
    training.optimizer = OptimizerSettings(kind: .sgd, learningRate: 0.5)
    training.batchSize = 16
    training.bptt = 12
    let trainer = try Trainer(model: model, configuration: training)
    // B·n = 384 context ids and 128 targets per NPLM step; 16 streams of 12 for the others.
    var tokens: [TokenID] = []
    for i in 0..<4000 { tokens.append(TokenID((i * 7919 + i / 13) % 300)) }
    let stream = try BPTTBatches(tokens: tokens, batchSize: 16)
    return try (0..<6).map { k in
      if kind == .nplm {
        let contexts = Array(tokens[(k * 512)..<(k * 512 + 384)])
        let targets = Array(tokens[(k * 512 + 384)..<(k * 512 + 512)])
        return try trainer.step(contexts: contexts, targets: targets).loss
      }
      return try trainer.step(chunk: try #require(stream.chunk(index: k, bptt: 12))).loss
    }
  }

  @Test(arguments: [ModelKind.nplm, .lstm, .gru])
  func float32LossesFollowFloat64(_ kind: ModelKind) throws {
    // The float32 model's initial weights seed both runs.
    let start = try makeLanguageModel(configuration(kind, .float32))
    var weights: [String: Tensor] = [:]
    for (name, t) in start.namedParameters() { weights[name] = try t.detach().clone() }
    let single = try losses(kind, .float32, weights: weights)
    let double = try losses(kind, .float64, weights: weights)
    #expect(single.count == 6)
    for (a, b) in zip(single, double) {
      // Seen: 1.5e-7 at most; a 10% error in one coefficient of the exponential gives 1.3e-4.
      #expect(abs(a - b) / b < 2e-6, "\(kind): float32 \(a) against float64 \(b)")
    }
  }
}
