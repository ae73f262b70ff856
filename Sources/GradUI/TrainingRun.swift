// `gradrepl train` and `gradrepl predict`: a whole training run from the
// command line. Progress goes to standard error (redrawn in place at a
// terminal), the epoch table and the test perplexity to standard output, or one
// JSON object with --json. Ctrl-C ends training between two steps; the run
// still measures test perplexity and writes the checkpoint.

import Foundation
import GradBindings
import GradCore
import GradLanguage
import GradModels

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

/// A failure the run reports as one line before exiting non-zero.
struct TrainingRunError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The command-line training run and prediction from a checkpoint.
public enum TrainingRun {
  /// Trains as `settings` say; returns the exit status (0, or 1 after one error line).
  public static func run(_ settings: TrainingRunSettings) -> Int32 {
    do {
      try train(settings)
      return 0
    } catch {
      writeAll("gradrepl train: error: \(error)\n", to: STDERR_FILENO)
      return 1
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

  private static func train(_ s: TrainingRunSettings) throws {
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

    let out = { (text: String) in writeAll(text, to: STDOUT_FILENO) }
    let err = { (text: String) in writeAll(text, to: STDERR_FILENO) }
    if !s.json {
      out("\(data)\n")
      out(model.description + "\n")
    }
    let display = ProgressDisplay(inPlace: updatesInPlace(STDERR_FILENO), write: err)
    let view =
      s.plot
      ? TrainingView(
        clipThreshold: configuration.gradientClip,
        presenter: CursesPanel.unavailableReason() == nil ? CursesPanel() : nil) : nil
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
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      out(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
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

  // MARK: Prediction

  /// `gradrepl predict --checkpoint CKPT PROMPT`: the top-k next tokens, one per line
  /// (`on 0.6956`), or a JSON array.
  public static func predict(checkpoint path: String, prompt: String, topK: Int, json: Bool)
    -> Int32
  {
    do {
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
        let rows = predictions.map { PredictionRow(token: $0.token, probability: $0.probability) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        writeAll(
          String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n", to: STDOUT_FILENO)
      } else {
        let width = predictions.map(\.token.count).max() ?? 0
        for p in predictions {
          let padded = p.token + String(repeating: " ", count: max(0, width - p.token.count))
          writeAll(padded + "  " + String(format: "%.4f", p.probability) + "\n", to: STDOUT_FILENO)
        }
      }
      return 0
    } catch {
      writeAll("gradrepl predict: error: \(error)\n", to: STDERR_FILENO)
      return 1
    }
  }

  // MARK: Output

  private static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

  static func updatesInPlace(_ fd: Int32) -> Bool {
    isatty(fd) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
  }

  static func writeAll(_ text: String, to fd: Int32) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return
      }
      bytes = bytes.dropFirst(n)
    }
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
