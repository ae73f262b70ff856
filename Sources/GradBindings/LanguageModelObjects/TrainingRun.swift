// `gradrepl train` and `gradrepl predict` without the terminal: load the data,
// build the model, run the epochs, print the lecture's table (or one JSON
// object with --json), save the checkpoint, predict from one. The front end
// supplies where text goes, whether the progress line may be redrawn in place
// and the live panel; Ctrl-C (the process-wide `Interrupt`) ends training
// between two steps, and the run still measures test perplexity and saves.

import Foundation
import GradBase
import GradModels
import GradPlot

/// Everything `gradrepl train` was asked for.
public struct TrainingRunSettings: Sendable {
  public var kind: ModelKind
  /// A text file, or the name of a shipped corpus (`toy`).
  public var data: String
  public var valid: String?
  public var test: String?
  /// `word`, `wikitext` or `char`; nil: the corpus's own (word for files).
  public var tokenizer: String?
  public var embeddingSize: Int?
  public var hiddenSize: Int?
  public var layerCount: Int?
  public var contextSize: Int?
  public var dropout: Double?
  /// Seeds the weights, dropout masks and NPLM batch order.
  public var seed: UInt64 = 1
  public var training = TrainingOptions()
  /// Checkpoint to write at the end.
  public var save: String?
  /// One JSON object on stdout instead of the table.
  public var json = false
  /// Show the loss and gradient norm live in the plot panel (as text at the end without a
  /// terminal).
  public var plot = false

  public init(kind: ModelKind, data: String) {
    self.kind = kind
    self.data = data
  }
}

/// Where a command-line training run shows itself: the parts only a front end knows.
public struct TrainingRunOutput {
  /// Standard output: the data and model summary, the epoch table, test perplexity or JSON.
  public var write: (String) -> Void
  /// Standard error: the progress line and the note after Ctrl-C.
  public var writeError: (String) -> Void
  /// Whether the progress line may be redrawn in place (standard error is a terminal).
  public var progressUpdatesInPlace: Bool
  /// The live panel for `--plot`, asked for once the run starts (nil: text at the end).
  public var livePanel: () -> PlotPresenter?

  public init(
    write: @escaping (String) -> Void, writeError: @escaping (String) -> Void,
    progressUpdatesInPlace: Bool, livePanel: @escaping () -> PlotPresenter?
  ) {
    self.write = write
    self.writeError = writeError
    self.progressUpdatesInPlace = progressUpdatesInPlace
    self.livePanel = livePanel
  }
}

/// A failure a command-line run reports as one line before exiting non-zero.
public struct TrainingRunError: Error, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}

/// The command-line training run and prediction from a checkpoint.
public enum TrainingRun {
  /// Trains as `settings` say, showing the run through `output`.
  /// - Throws: `TrainingRunError` (or the engine's error) with a message for the one error line.
  public static func train(_ s: TrainingRunSettings, output: TrainingRunOutput) throws {
    if let problem = s.training.problem {
      throw TrainingRunError(
        problem.replacingOccurrences(of: "max_steps", with: "--max-steps"))
    }
    let data = try loadData(s)
    let model = try makeLanguageModel(
      try modelConfiguration(s, vocabularySize: data.tokenizer.vocabulary.count))
    var options = s.training
    if options.seed == nil { options.seed = s.seed }
    var configuration = options.configuration(
      for: model, endOfSequenceID: data.tokenizer.vocabulary.endOfSequenceID,
      trainTokens: data.train.count)
    configuration.shouldStop = { Interrupt.isRequested }
    // The plot wants every step; text progress keeps its own pace.
    let textInterval = configuration.progressInterval
    if s.plot { configuration.progressInterval = 1 }
    let trainer = try Trainer(model: model, configuration: configuration)

    let out = output.write
    let err = output.writeError
    if !s.json {
      out("\(data)\n")
      out(model.description + "\n")
    }
    let display = ProgressDisplay(inPlace: output.progressUpdatesInPlace, write: err)
    let view =
      s.plot
      ? TrainingView(clipThreshold: configuration.gradientClip, presenter: output.livePanel())
      : nil
    let (result, pending) = try trainWithProgress(
      trainer, data: data, view: view, display: display, textInterval: textInterval,
      showTable: !s.json, write: out)
    let text = view?.finish()
    display.finishLine()
    for line in pending { out(line) }
    if let text { s.json ? err(text) : out(text) }

    // After Ctrl-C the weights of the last completed step are still measured and saved.
    var testPerplexity = result.testPerplexity
    if result.stopped {
      Interrupt.clear()
      err(TrainingReport.stoppedLine(result) + "\n")
      if !data.test.isEmpty {
        testPerplexity = try perplexity(model, tokens: data.test, configuration: configuration)
      }
    }
    if let path = s.save {
      do {
        try Checkpoint.save(
          model: model, vocabulary: data.tokenizer.vocabulary, trainer: trainer, to: path)
      } catch {
        throw TrainingRunError("cannot save the checkpoint to '\(path)': \(error)")
      }
    }
    if s.json {
      let report = RunReport(
        model: s.kind.rawValue, parameters: model.parameterCount,
        vocabularySize: data.tokenizer.vocabulary.count, trainTokens: data.train.count,
        epochs: result.epochs.map {
          RunReport.Epoch(
            epoch: $0.epoch, trainPPL: finite($0.trainPerplexity),
            validPPL: $0.validPerplexity.flatMap(finite), learningRate: $0.learningRate,
            elapsed: $0.elapsed)
        },
        testPPL: testPerplexity.flatMap(finite), steps: result.steps, tokens: result.tokens,
        finalLoss: result.finalLoss.flatMap(finite), stopped: result.stopped,
        checkpoint: s.save)
      out(try jsonLine(report))
    } else {
      if let testPerplexity {
        out("test PPL \(TrainingReport.perplexityText(testPerplexity))\n")
      } else {
        out(TrainingReport.testLine(result) + "\n")
      }
      if let path = s.save {
        out(
          "checkpoint saved to \(path) (next words: gradrepl predict --checkpoint \(path) "
            + "'your words'; at the prompt: load_model('\(path)'))\n")
      }
    }
  }

  /// The data: a shipped corpus by name, or files.
  static func loadData(_ s: TrainingRunSettings) throws -> LanguageModelData {
    var settings: TokenizerSettings?
    if let name = s.tokenizer {
      guard let named = TokenizerSettings.named(name) else {
        throw TrainingRunError("--tokenizer must be word, wikitext or char, not '\(name)'")
      }
      settings = named
    }
    if !FileManager.default.fileExists(atPath: s.data),
      let corpus = Corpus.all.first(where: { $0.name == s.data.lowercased() })
    {
      return try LanguageModelData(corpus: corpus, tokenizer: settings)
    }
    return try LanguageModelData(
      trainPath: s.data, validPath: s.valid, testPath: s.test,
      tokenizer: settings ?? .word(.init()))
  }

  static func modelConfiguration(_ s: TrainingRunSettings, vocabularySize: Int) throws
    -> ModelConfiguration
  {
    var c = ModelConfiguration(kind: s.kind, vocabularySize: vocabularySize, seed: s.seed)
    if let v = s.embeddingSize { c.embeddingSize = v }
    if let v = s.hiddenSize { c.hiddenSize = v }
    if let v = s.layerCount { c.layerCount = v }
    if let v = s.contextSize { c.contextSize = v }
    if let v = s.dropout { c.dropout = v }
    try c.validate()
    return c
  }

  // MARK: Prediction

  /// `gradrepl predict --checkpoint CKPT PROMPT`'s output: the top-k next tokens, one per
  /// line (`on 0.6956`), or a JSON array.
  /// - Throws: `TrainingRunError` (or the engine's error) with a message for the one error line.
  public static func predictions(checkpoint path: String, prompt: String, topK: Int, json: Bool)
    throws -> String
  {
    let checkpoint: Checkpoint
    do {
      checkpoint = try Checkpoint.load(from: path)
    } catch {
      throw TrainingRunError("cannot load '\(path)': \(error)")
    }
    let predictions = try GradModels.predict(
      checkpoint.model, tokenizer: checkpoint.vocabulary.makeTokenizer(), prompt: prompt,
      topK: topK)
    if json {
      return try jsonLine(
        predictions.map { PredictionRow(token: $0.token, probability: $0.probability) })
    }
    let width = predictions.map(\.token.count).max() ?? 0
    return predictions.map { p in
      let padded = p.token + String(repeating: " ", count: max(0, width - p.token.count))
      return padded + "  " + String(format: "%.4f", p.probability) + "\n"
    }.joined()
  }

  // MARK: Output

  private static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

  /// One line of JSON with the keys sorted, so that runs compare line by line.
  private static func jsonLine(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }
}

/// `--json`'s object.
private struct RunReport: Encodable {
  struct Epoch: Encodable {
    let epoch: Int
    let trainPPL: Double?
    let validPPL: Double?
    let learningRate: Double
    let elapsed: Double
    enum CodingKeys: String, CodingKey {
      case epoch, elapsed
      case trainPPL = "train_ppl"
      case validPPL = "valid_ppl"
      case learningRate = "lr"
    }
  }
  let model: String
  let parameters: Int
  let vocabularySize: Int
  let trainTokens: Int
  let epochs: [Epoch]
  let testPPL: Double?
  let steps: Int
  let tokens: Int
  let finalLoss: Double?
  let stopped: Bool
  let checkpoint: String?
  enum CodingKeys: String, CodingKey {
    case model, parameters, epochs, steps, tokens, stopped, checkpoint
    case vocabularySize = "vocab_size"
    case trainTokens = "train_tokens"
    case testPPL = "test_ppl"
    case finalLoss = "final_loss"
  }
}

private struct PredictionRow: Encodable {
  let token: String
  let probability: Double
}
