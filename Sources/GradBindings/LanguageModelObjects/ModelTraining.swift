// `train(model, data, ...)` at the prompt: settings from keywords over the
// model's preset, a progress line (redrawn in place at a terminal, plain lines
// otherwise), the lecture's epoch table, the test perplexity, and Ctrl-C that
// ends the run between two steps with the model kept.

import Foundation
import GradBase
import GradCore
import GradLanguage
import GradModels
import GradPlot

enum ModelTraining {
  static let keywords: Set<String> = [
    "epochs", "lr", "optimizer", "clip", "bptt", "batch", "seed", "max_steps", "plot",
  ]

  static func train(_ args: Arguments, _ interpreter: Interpreter) throws(ReplError) -> RValue {
    try args.check("train", positional: 2, 2, keywords: keywords)
    let object = try ModelBuiltins.modelArgument(args.positional[0], "train")
    guard case .object(let d) = args.positional[1], let dataObject = d as? LanguageDataObject
    else {
      throw ReplError.type(
        "train() needs the data as its second argument (corpus('toy') or load_text(path)), "
          + "got '\(args.positional[1].typeName)'")
    }
    let data = dataObject.data
    guard data.tokenizer.vocabulary == object.tokenizer.vocabulary else {
      throw ReplError.value(
        "train() the model was built for another vocabulary (\(object.tokenizer.vocabulary.count) "
          + "tokens, data has \(data.tokenizer.vocabulary.count)): build the model from this "
          + "data, e.g. \(object.typeName)(data)")
    }
    let options = try TrainingOptions(args)
    let flag = interpreter.interruptFlag
    var configuration = options.configuration(
      for: object.model, endOfSequenceID: data.tokenizer.vocabulary.endOfSequenceID,
      trainTokens: data.train.count)
    configuration.shouldStop = { flag.isRequested || Interrupt.isRequested }

    var showPlot = false
    if let p = args.keyword("plot"), !p.isNone {
      guard case .bool(let b) = p else {
        throw ReplError.type("train() plot must be True or False")
      }
      showPlot = b
    }
    // The plot wants every step; text progress keeps its own pace.
    let textInterval = configuration.progressInterval
    if showPlot { configuration.progressInterval = 1 }
    let trainer = try ModelBuiltins.engine {
      try Trainer(model: object.model, configuration: configuration)
    }
    if let previous = object.trainer {
      // A second train(...) continues the first: epoch count, optimizer step count, Adam's
      // moments and the (possibly annealed) learning rate, unless lr= or optimizer= change.
      trainer.state = previous.state
      if previous.optimizer.settings.kind == trainer.optimizer.settings.kind {
        try ModelBuiltins.engine {
          try trainer.optimizer.continueFrom(
            previous.optimizer, learningRate: options.learningRate)
        }
      } else {
        interpreter.write(
          "note: the optimizer changed from \(previous.optimizer.settings.kind.rawValue) to "
            + "\(trainer.optimizer.settings.kind.rawValue); it starts from a fresh state\n")
      }
    }

    let inPlace = interpreter.terminal?.updatesInPlace ?? false
    let display = ProgressDisplay(inPlace: inPlace, write: interpreter.write)
    let view =
      showPlot
      ? TrainingView(
        clipThreshold: configuration.gradientClip, presenter: PlotDisplay.presenter) : nil
    let result: TrainingResult
    let pending: [String]
    do {
      (result, pending) = try trainWithProgress(
        trainer, data: data, view: view, display: display, textInterval: textInterval,
        write: interpreter.write)
    } catch {
      object.trainer = trainer
      throw ReplError.value("training failed: \(ModelBuiltins.describe(error))")
    }
    let text = view?.finish(ansiColor: interpreter.terminal?.supportsColor ?? false)
    display.finishLine()
    for line in pending { interpreter.write(line) }
    if let text { interpreter.write(text) }
    object.trainer = trainer
    if result.stopped {
      // The stop request is answered here: the program goes on instead of raising.
      flag.clear()
      Interrupt.clear()
      interpreter.write(TrainingReport.stoppedLine(result) + "\n")
    } else {
      interpreter.write(TrainingReport.testLine(result) + "\n")
    }
    return .object(TrainingResultObject(result))
  }
}

/// How to train, over the model's preset: `train(...)`'s keywords and `gradrepl train`'s
/// options. nil keeps the preset's value.
public struct TrainingOptions: Sendable {
  public var epochs = 1
  public var learningRate: Double?
  public var optimizer: OptimizerKind?
  /// Global gradient-norm clip; 0 turns clipping off.
  public var clip: Double?
  public var bptt: Int?
  public var batch: Int?
  /// Seed of the NPLM batch order.
  public var seed: UInt64?
  public var maxSteps: Int?

  public init() {}

  init(_ args: Arguments) throws(ReplError) {
    func given(_ name: String) -> RValue? {
      guard let v = args.keyword(name), !v.isNone else { return nil }
      return v
    }
    if let v = given("epochs") { epochs = try v.integer(for: "train") }
    learningRate = try given("lr")?.number(for: "train")
    if let v = given("optimizer") {
      let name = try stringArgument(v, "train", "optimizer")
      guard let kind = OptimizerKind(rawValue: name.lowercased()) else {
        throw ReplError.value("train() optimizer must be 'adam' or 'sgd', got '\(name)'")
      }
      optimizer = kind
    }
    clip = try given("clip")?.number(for: "train")
    bptt = try given("bptt")?.integer(for: "train")
    batch = try given("batch")?.integer(for: "train")
    seed = try ModelBuiltins.seedArgument(given("seed"), "train")
    maxSteps = try given("max_steps")?.integer(for: "train")
    if let problem = self.problem { throw ReplError.value("train() " + problem) }
  }

  /// What is wrong with these options, in words a student can act on; nil when nothing is.
  public var problem: String? {
    if !(1...100_000).contains(epochs) {
      return "epochs must be between 1 and 100000, got \(epochs)"
    }
    if let lr = learningRate, !(lr > 0 && lr.isFinite) {
      return "lr must be a positive number, got \(lr)"
    }
    if let c = clip, !(c >= 0 && c.isFinite) {
      return "clip must be a positive number (0 for no clipping), got \(c)"
    }
    if let b = bptt, !(1...100_000).contains(b) {
      return "bptt must be between 1 and 100000, got \(b)"
    }
    if let b = batch, !(1...1_000_000).contains(b) {
      return "batch must be between 1 and 1000000, got \(b)"
    }
    if let m = maxSteps, m < 1 { return "max_steps must be at least 1, got \(m)" }
    return nil
  }

  /// The model's preset (NPLM: Adam 10⁻³, batch 128; recurrent: SGD 20, clip 0.25, bptt 35,
  /// batch 20) with these options over it.
  ///
  /// - Parameters:
  ///   - trainTokens: the training text's length, to choose how often progress is reported
  ///     (about 20 times an epoch).
  public func configuration(
    for model: any LanguageModel, endOfSequenceID: TokenID?, trainTokens: Int
  ) -> TrainingConfiguration {
    let recurrent = model.configuration.kind.isRecurrent
    var c: TrainingConfiguration = recurrent ? .recurrent : .nplm
    c.epochs = epochs
    if let optimizer, optimizer != c.optimizer.kind {
      c.optimizer = optimizer == .adam ? .adam : .sgd
    }
    if let learningRate { c.optimizer.learningRate = learningRate }
    if let clip { c.gradientClip = clip == 0 ? nil : clip }
    if let bptt { c.bptt = bptt }
    if let batch { c.batchSize = batch }
    if let seed { c.seed = seed }
    c.maxSteps = maxSteps
    c.endOfSequenceID = endOfSequenceID
    let perStep = max(1, c.batchSize * (recurrent ? c.bptt : 1))
    let steps = max(1, trainTokens / perStep)
    c.progressInterval = max(1, min(steps, maxSteps ?? steps) / 20)
    return c
  }
}

/// Trains with what a person watches: the progress line every `textInterval` steps (unless
/// the live view owns the screen), the lecture's epoch table, and the live view fed every
/// step. Used by `train(...)` at the prompt and by `gradrepl train`.
/// - Parameters:
///   - showTable: false leaves the epoch table out (`--json`).
///   - write: where the table goes.
/// - Returns: the result, and the table rows that waited while the live view was open (the
///   caller writes them after `view.finish`).
public func trainWithProgress(
  _ trainer: Trainer, data: LanguageModelData, view: TrainingView?, display: ProgressDisplay,
  textInterval: Int, showTable: Bool = true, write: @escaping (String) -> Void
) throws -> (result: TrainingResult, pending: [String]) {
  // While the panel owns the screen, rows wait and are printed when it closes.
  var pending: [String] = []
  var printedHeader = false
  let emit = { (text: String) in
    if view?.isLive == true { pending.append(text) } else { write(text) }
  }
  do {
    let result = try trainer.train(
      train: data.train, valid: data.valid, test: data.test,
      progress: { p in
        view?.record(p)
        if view?.isLive != true,
          p.stepInEpoch % textInterval == 0 || p.stepInEpoch == p.stepsPerEpoch
        {
          display.show(TrainingReport.progressLine(p))
        }
      },
      epochEnd: { row in
        display.finishLine()
        guard showTable else { return }
        if !printedHeader {
          emit(TrainingReport.tableHeader + "\n")
          printedHeader = true
        }
        emit(row.tableRow + "\n")
      })
    return (result, pending)
  } catch {
    _ = view?.finish()
    display.finishLine()
    throw error
  }
}

/// The progress line: redrawn in place (carriage return, clear to end of line) at a terminal
/// at most ten times a second, one plain line per report elsewhere.
public final class ProgressDisplay {
  private let inPlace: Bool
  private let write: (String) -> Void
  private var lineOpen = false
  private var lastDraw = Date.distantPast
  private var skipped: String?

  public init(inPlace: Bool, write: @escaping (String) -> Void) {
    self.inPlace = inPlace
    self.write = write
  }

  public func show(_ line: String) {
    guard inPlace else {
      write(line + "\n")
      return
    }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) >= 0.1 else {
      skipped = line
      return
    }
    lastDraw = now
    write("\r\u{1b}[K" + line)
    skipped = nil
    lineOpen = true
  }

  /// Ends an open in-place line so that the next output starts on a fresh line, first
  /// drawing the latest update if the redraw limit held it back (a short run would otherwise
  /// end on its first step's line).
  public func finishLine() {
    guard lineOpen else { return }
    if let skipped { write("\r\u{1b}[K" + skipped) }
    skipped = nil
    write("\n")
    lineOpen = false
  }
}
