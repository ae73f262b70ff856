import Foundation
import GradTensor
import Testing

@testable import GradModels

/// Checkpoints: round trips that resume training exactly, and a clear error for every kind of
/// bad file.
@Suite struct CheckpointTests {
  static let data: LanguageModelData? = try? LanguageModelData(corpus: Corpus.toy)

  func toyData() throws -> LanguageModelData { try #require(Self.data) }

  func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gradrepl-checkpoint-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
  }

  func config(_ kind: ModelKind, _ data: LanguageModelData, dropout: Double = 0)
    -> ModelConfiguration
  {
    ModelConfiguration(
      kind: kind, vocabularySize: data.tokenizer.vocabulary.count, embeddingSize: 8,
      hiddenSize: 12, layerCount: 2, contextSize: 3, dropout: dropout)
  }

  func training(_ kind: ModelKind) -> TrainingConfiguration {
    var c = kind == .nplm ? TrainingConfiguration.nplm : TrainingConfiguration.recurrent
    c.optimizer = .adam
    c.batchSize = 16
    c.bptt = 10
    c.progressInterval = 1
    return c
  }

  /// Saving after 3 steps and continuing from the file gives the same next losses as an
  /// uninterrupted run: weights, Adam's moments, the step count and the dropout stream all
  /// survive.
  @Test(arguments: [(ModelKind.nplm, 0.0), (.lstm, 0.0), (.gru, 0.0), (.lstm, 0.3)])
  func resumingContinuesExactly(kind: ModelKind, dropout: Double) throws {
    let data = try toyData()
    var chunkConfig = training(kind)
    chunkConfig.maxSteps = 3
    let path = temporaryPath("run.gradlm")

    let model = try makeLanguageModel(config(kind, data, dropout: dropout))
    let trainer = try Trainer(model: model, configuration: chunkConfig)
    _ = try trainer.train(train: data.train)
    try Checkpoint.save(
      model: model, vocabulary: data.tokenizer.vocabulary, trainer: trainer, to: path)
    trainer.carried = nil
    var expected: [Double] = []
    let nplmBatches = try NPLMDataset(tokens: data.train, contextSize: 3).batches(
      batchSize: 16, seed: 9
    )
    .prefix(3)
    let stream = try BPTTBatches(tokens: data.train, batchSize: 16)
    for k in 0..<3 {
      if kind == .nplm {
        let b = Array(nplmBatches)[k]
        expected.append(try trainer.step(contexts: b.contexts, targets: b.targets).loss)
      } else if let chunk = stream.chunk(index: 10 + k, bptt: 10) {
        expected.append(try trainer.step(chunk: chunk).loss)
      }
    }

    let loaded = try Checkpoint.load(from: path)
    #expect(loaded.model.configuration == model.configuration)
    #expect(loaded.vocabulary == data.tokenizer.vocabulary)
    #expect(loaded.training.steps == 3)
    let resumed = try loaded.makeTrainer(configuration: chunkConfig)
    #expect(resumed.optimizer.stepCount == 3)
    resumed.carried = nil
    var actual: [Double] = []
    for k in 0..<3 {
      if kind == .nplm {
        let b = Array(nplmBatches)[k]
        actual.append(try resumed.step(contexts: b.contexts, targets: b.targets).loss)
      } else if let chunk = stream.chunk(index: 10 + k, bptt: 10) {
        actual.append(try resumed.step(chunk: chunk).loss)
      }
    }
    #expect(actual.count == 3)
    #expect(actual == expected)
  }

  @Test func recurrentWeightsAndOptimizerStateRoundTrip() throws {
    let data = try toyData()
    let model = try makeLanguageModel(config(.lstm, data))
    var c = training(.lstm)
    c.maxSteps = 2
    let trainer = try Trainer(model: model, configuration: c)
    _ = try trainer.train(train: data.train)
    let path = temporaryPath("lstm.gradlm")
    try Checkpoint.save(
      model: model, vocabulary: data.tokenizer.vocabulary, trainer: trainer, to: path)
    let loaded = try Checkpoint.load(from: path)
    for (a, b) in zip(model.namedParameters(), loaded.model.namedParameters()) {
      #expect(a.name == b.name)
      #expect(a.tensor.toDoubleArray() == b.tensor.toDoubleArray())
    }
    let resumed = try loaded.makeTrainer(configuration: c)
    for (a, b) in zip(trainer.optimizer.stateTensors, resumed.optimizer.stateTensors) {
      #expect(a.tensor.toDoubleArray() == b.tensor.toDoubleArray())
    }
    let p1 = try predict(model, tokenizer: data.tokenizer, prompt: "the cat")
    let p2 = try predict(
      loaded.model, tokenizer: loaded.vocabulary.makeTokenizer(), prompt: "the cat")
    #expect(p1 == p2)
  }

  func savedBytes() throws -> Data {
    let data = try toyData()
    let path = temporaryPath("small.gradlm")
    try Checkpoint.save(
      model: try makeLanguageModel(config(.nplm, data)), vocabulary: data.tokenizer.vocabulary,
      to: path)
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  func message(_ body: () throws -> Void) -> String {
    do {
      try body()
      return "no error"
    } catch {
      return "\(error)"
    }
  }

  @Test func truncatedFileIsRefused() throws {
    let bytes = try savedBytes()
    for length in [0, 10, 27, 100, bytes.count / 2, bytes.count - 1] {
      let m = message { _ = try Checkpoint.decode(bytes.prefix(length), name: "x.gradlm") }
      #expect(m.contains("x.gradlm is not a usable checkpoint"), "length \(length): \(m)")
    }
  }

  @Test func damagedBytesAreCaughtByTheChecksum() throws {
    var bytes = try savedBytes()
    bytes[bytes.count - 100] ^= 0x40
    let m = message { _ = try Checkpoint.decode(bytes) }
    #expect(m.contains("checksum"))
  }

  @Test func otherFilesAndNewerVersionsAreRefused() throws {
    let m1 = message {
      _ = try Checkpoint.decode(Data("hello, not a checkpoint at all........".utf8))
    }
    #expect(m1.contains("signature"))
    var bytes = try savedBytes()
    bytes[8] = 9
    let m2 = message { _ = try Checkpoint.decode(bytes) }
    #expect(m2.contains("format version 9"))
    let m3 = message { _ = try Checkpoint.load(from: "/nonexistent/dir/model.gradlm") }
    #expect(m3.contains("cannot read"))
  }

  @Test func wrongKindShapesAndVocabularyAreRefused() throws {
    let data = try toyData()
    let loaded = try Checkpoint.decode(try savedBytes())
    let lstm = try makeLanguageModel(config(.lstm, data))
    #expect(message { try loaded.restore(into: lstm) }.contains("holds a nplm model, not a lstm"))
    var wider = config(.nplm, data)
    wider.hiddenSize = 13
    let widerModel = try makeLanguageModel(wider)
    #expect(
      message { try loaded.restore(into: widerModel) }.contains(
        "has shape [12, 24] but the model expects [13, 24]"))
    var smaller = config(.nplm, data)
    smaller.vocabularySize = 50
    let smallerModel = try makeLanguageModel(smaller)
    #expect(message { try loaded.restore(into: smallerModel) }.contains("vocabulary"))
    let mismatch = message {
      try Checkpoint.save(
        model: smallerModel, vocabulary: data.tokenizer.vocabulary, to: temporaryPath("v.gradlm"))
    }
    #expect(mismatch.contains("vocabulary has 297 tokens but the model 50"))
    // A matching model takes the weights.
    let same = try makeLanguageModel(config(.nplm, data))
    try loaded.restore(into: same)
    #expect(same.parameters()[1].toDoubleArray() == loaded.model.parameters()[1].toDoubleArray())
  }

  /// A file whose checksum is right but whose header does not describe its weights (written
  /// by a buggy or foreign tool).
  @Test func headerThatDoesNotFitTheWeightsIsRefused() throws {
    let data = try toyData()
    let model = try makeLanguageModel(config(.nplm, data))
    var configuration = model.configuration
    configuration.hiddenSize = 13
    func pack(_ header: Checkpoint.Header) throws -> Data {
      let headerBytes = try JSONEncoder().encode(header)
      let vocabulary = data.tokenizer.vocabulary.encoded()
      var payload = Data()
      payload.appendLittleEndian(UInt64(headerBytes.count))
      payload.append(headerBytes)
      payload.appendLittleEndian(UInt64(vocabulary.count))
      payload.append(vocabulary)
      payload.append(
        try NPZ.encode(model.namedParameters().map { ("model/" + $0.name, $0.tensor.detach()) }))
      var file = Data(Checkpoint.magic)
      file.appendLittleEndian(UInt32(1))
      file.appendLittleEndian(UInt64(payload.count))
      file.appendLittleEndian(fnv1a(payload))
      file.append(payload)
      return file
    }
    let shapes = model.namedParameters().map {
      Checkpoint.ParameterShape(name: $0.name, shape: $0.tensor.shape)
    }
    let lying = Checkpoint.Header(
      model: configuration, parameters: shapes, optimizer: nil, optimizerStep: 0,
      learningRate: nil, training: TrainingState())
    #expect(message { _ = try Checkpoint.decode(try pack(lying)) }.contains("do not fit"))
    var wrongShape = shapes
    wrongShape[1].shape = [99, 1]
    let listed = Checkpoint.Header(
      model: model.configuration, parameters: wrongShape, optimizer: nil, optimizerStep: 0,
      learningRate: nil, training: TrainingState())
    #expect(
      message { _ = try Checkpoint.decode(try pack(listed)) }.contains("its header says [99, 1]"))
    let honest = Checkpoint.Header(
      model: model.configuration, parameters: shapes, optimizer: nil, optimizerStep: 0,
      learningRate: nil, training: TrainingState())
    #expect(message { _ = try Checkpoint.decode(try pack(honest)) } == "no error")
  }

  @Test func optimizerMismatchIsRefused() throws {
    let data = try toyData()
    let model = try makeLanguageModel(config(.nplm, data))
    let trainer = try Trainer(model: model, configuration: training(.nplm))
    let path = temporaryPath("adam.gradlm")
    try Checkpoint.save(
      model: model, vocabulary: data.tokenizer.vocabulary, trainer: trainer, to: path)
    var sgd = training(.nplm)
    sgd.optimizer = .sgd
    let loaded = try Checkpoint.load(from: path)
    #expect(
      message { _ = try loaded.makeTrainer(configuration: sgd) }.contains("trained with adam"))
  }
}
