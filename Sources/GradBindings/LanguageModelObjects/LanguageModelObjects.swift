// The language models at the prompt: a data object (tokenizer + id streams), a
// model object (the model and the tokenizer it reads with), a training result
// and a table of predictions. The engine objects live in GradModels; these
// wrap them with reprs, attributes and methods for the REPL.

import Foundation
import GradLanguage
import GradModels
import GradTensor

/// `corpus('toy')` or `load_text(path)`: a fitted tokenizer and train / valid / test ids.
final class LanguageDataObject: MemberTableObject {
  let data: LanguageModelData

  init(_ data: LanguageModelData) { self.data = data }

  var typeName: String { "LanguageData" }

  /// Sizes, vocabulary and the first few training tokens.
  func repr() -> String {
    let d = data
    let first = d.tokenizer.decodeTokens(Array(d.train.prefix(12)))
    return """
      LanguageData(\(d.source))
        tokens: \(d.train.count) train, \(d.valid.count) valid, \(d.test.count) test
        vocabulary: \(d.tokenizer.vocabulary.count) tokens, \(d.tokenizer)
        first tokens: \(first.joined(separator: " "))
      """
  }

  var summary: String {
    "\(data.train.count) train tokens, vocabulary \(data.tokenizer.vocabulary.count)"
  }

  var helpText: String {
    """
    LanguageData: text turned into token ids for training.
      vocab_size                      number of distinct tokens (|V|)
      train_tokens, valid_tokens, test_tokens   how many ids each part has
      tokens(part='train', n=20)      the first n tokens of a part, as words
    """
  }

  /// The corpus's sizes and a look at its tokens.
  static let members = MemberTable<LanguageDataObject>(
    [
      .attribute("vocab_size", "number of distinct tokens (|V|)") {
        .int($0.data.tokenizer.vocabulary.count)
      },
      .attribute("train_tokens", "how many ids the training part has") {
        .int($0.data.train.count)
      },
      .attribute("valid_tokens", "how many ids the validation part has") {
        .int($0.data.valid.count)
      },
      .attribute("test_tokens", "how many ids the test part has") { .int($0.data.test.count) },
      .method(
        "tokens", "tokens(part='train', n=20)", "the first n tokens of a part, as words"
      ) { (o, arguments, _) throws(ReplError) in
        try arguments.check("tokens", positional: 0, 2, keywords: ["part", "n"])
        let part = try arguments.argument(0, "part").map { v throws(ReplError) in
          try stringArgument(v, "tokens", "part")
        }
        let n = try arguments.argument(1, "n")?.integer(for: "tokens") ?? 20
        guard n >= 0, n <= 100_000 else {
          throw ReplError.value("tokens() n must be between 0 and 100000, got \(n)")
        }
        let data = o.data
        let ids: [TokenID]
        switch part ?? "train" {
        case "train": ids = data.train
        case "valid": ids = data.valid
        case "test": ids = data.test
        default: throw ReplError.value("tokens() part must be 'train', 'valid' or 'test'")
        }
        return .list(ListBox(data.tokenizer.decodeTokens(Array(ids.prefix(n))).map(RValue.str)))
      },
    ])
}

/// A language model at the prompt, with the tokenizer it was built for.
final class LanguageModelObject: MemberTableObject {
  let model: any LanguageModel
  let tokenizer: any Tokenizer
  /// The trainer of the last `train(...)`, kept so that `save` stores its optimizer state and
  /// a later run continues the epoch count.
  var trainer: Trainer?

  init(model: any LanguageModel, tokenizer: any Tokenizer, trainer: Trainer? = nil) {
    self.model = model
    self.tokenizer = tokenizer
    self.trainer = trainer
  }

  var typeName: String {
    switch model.configuration.kind {
    case .nplm: return "NPLM"
    case .rnn: return "RNN"
    case .leakyRNN: return "LeakyRNN"
    case .lstm: return "LSTM"
    case .gru: return "GRU"
    }
  }

  /// The parameter table (the NPLM's with the N-gram comparison).
  func repr() -> String { model.description }

  var summary: String {
    let c = model.configuration
    return "\(typeName), |V| = \(c.vocabularySize), \(model.parameterCount) parameters"
  }

  /// Attribute names of the weights: the lecture's symbols, with PyTorch's `_l1` suffix for
  /// layers after the first (`W_hh` is layer 0's, `W_hh_l1` layer 1's).
  var weightNames: [(attribute: String, tensor: Tensor)] {
    model.namedParameters().map { entry in
      let parts = entry.name.split(separator: ".")
      if parts.count == 3, parts[0] == "layers", let layer = Int(parts[1]) {
        return (layer == 0 ? String(parts[2]) : "\(parts[2])_l\(layer)", entry.tensor)
      }
      return (entry.name, entry.tensor)
    }
  }

  var attributeNames: [String] { weightNames.map(\.attribute) + Self.members.names }

  var helpText: String {
    """
    \(typeName) language model.
      model.parameters()          the weights, as tensors (they require grad)
      model.named_parameters()    (name, tensor) pairs
      model.\(weightNames.first?.attribute ?? "C") …            one weight by its lecture name: \
    \(weightNames.map(\.attribute).joined(separator: ", "))
      num_parameters, vocab_size, config
      optimizer_steps, lr         updates applied so far and the current learning rate
    Train with train(model, data); a second train(...) continues the first (optimizer state,
    learning rate, epoch count) unless lr= or optimizer= say otherwise. Then predict(model, 'the cat sat'), sample(model, 'the'),
    save(model, 'file.gradlm').
    """
  }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    if let weight = weightNames.first(where: { $0.attribute == name }) {
      return .tensor(weight.tensor)
    }
    return try Self.members.value(name, of: self)
  }

  /// The members every language model has; its weights are attributes too, under the names
  /// `weightNames` gives them.
  static let members = MemberTable<LanguageModelObject>(
    [
      .method("parameters", "parameters()", "the weights, as tensors (they require grad)") {
        (o, arguments, _) throws(ReplError) in
        try arguments.check("parameters", positional: 0)
        return .list(ListBox(o.model.parameters().map(RValue.tensor)))
      },
      .method("named_parameters", "named_parameters()", "(name, tensor) pairs") {
        (o, arguments, _) throws(ReplError) in
        try arguments.check("named_parameters", positional: 0)
        return .list(
          ListBox(o.weightNames.map { RValue.tuple([.str($0.attribute), .tensor($0.tensor)]) }))
      },
      .attribute("num_parameters", "how many numbers the weights hold") {
        .int($0.model.parameterCount)
      },
      .attribute("vocab_size", "the vocabulary size |V|") {
        .int($0.model.configuration.vocabularySize)
      },
      .attribute("config", "the settings it was built with, as a dict") { (o) throws(ReplError) in
        let c = o.model.configuration
        let d = DictBox()
        let entries: [(String, RValue)] = [
          ("kind", .str(c.kind.rawValue)), ("vocab_size", .int(c.vocabularySize)),
          ("emb", .int(c.embeddingSize)), ("hidden", .int(c.hiddenSize)),
          ("layers", .int(c.layerCount)), ("context", .int(c.contextSize)),
          ("direct", .bool(c.directConnection)), ("nonlinearity", .str(c.nonlinearity.rawValue)),
          ("alpha", .float(c.leak)), ("dropout", .float(c.dropout)), ("seed", .int(Int(c.seed))),
        ]
        for (key, value) in entries { try d.set(.str(key), value) }
        return .dict(d)
      },
      .attribute("optimizer_steps", "updates applied so far") {
        .int($0.trainer?.optimizer.stepCount ?? 0)
      },
      .attribute("lr", "the current learning rate (None before training)") {
        $0.trainer.map { .float($0.optimizer.learningRate) } ?? RValue.none
      },
    ])
}

/// What `train(...)` returns: perplexities per epoch, test perplexity, steps, stopped.
final class TrainingResultObject: MemberTableObject {
  let result: TrainingResult

  init(_ result: TrainingResult) { self.result = result }

  var typeName: String { "TrainingResult" }

  func repr() -> String {
    let r = result
    let test = r.testPerplexity.map { TrainingReport.perplexityText($0) } ?? "None"
    let valid = r.epochs.last?.validPerplexity.map { TrainingReport.perplexityText($0) } ?? "None"
    return "TrainingResult(epochs=\(r.epochs.count), steps=\(r.steps), tokens=\(r.tokens), "
      + "valid_ppl=\(valid), test_ppl=\(test), stopped=\(r.stopped ? "True" : "False"))"
  }

  /// What a training run reports.
  static let members = MemberTable<TrainingResultObject>(
    [
      .attribute("train_ppl", "training perplexity after each epoch") {
        .list(ListBox($0.result.epochs.map { .float($0.trainPerplexity) }))
      },
      .attribute("valid_ppl", "validation perplexity after each epoch (None without data)") {
        .list(ListBox($0.result.epochs.map { $0.validPerplexity.map(RValue.float) ?? RValue.none }))
      },
      .attribute("test_ppl", "test perplexity at the end (None without data)") {
        $0.result.testPerplexity.map(RValue.float) ?? RValue.none
      },
      .attribute("steps", "optimizer steps taken") { .int($0.result.steps) },
      .attribute("tokens", "tokens trained on") { .int($0.result.tokens) },
      .attribute("stopped", "whether the run was stopped early") { .bool($0.result.stopped) },
      .attribute("final_loss", "the last training loss") {
        $0.result.finalLoss.map(RValue.float) ?? RValue.none
      },
      .attribute("epochs", "epochs completed") { .int($0.result.epochs.count) },
    ])
}

/// The top-k next tokens: a small table at the prompt, a list of (token, probability) pairs
/// when indexed or iterated.
final class PredictionsObject: RuntimeObject {
  let prompt: String
  let predictions: [Prediction]

  init(prompt: String, predictions: [Prediction]) {
    self.prompt = prompt
    self.predictions = predictions
  }

  var typeName: String { "Predictions" }

  func repr() -> String {
    let width = max(5, predictions.map(\.token.count).max() ?? 0)
    var lines = ["next word after '\(prompt)':", "  " + pad("token", width) + "  probability"]
    for p in predictions {
      lines.append("  " + pad(p.token, width) + "  " + String(format: "%11.4f", p.probability))
    }
    return lines.joined(separator: "\n")
  }

  private func pad(_ s: String, _ n: Int) -> String {
    s + String(repeating: " ", count: max(0, n - s.count))
  }

  private var pairs: [RValue] {
    predictions.map { RValue.tuple([.str($0.token), .float($0.probability)]) }
  }

  func items() throws(ReplError) -> [RValue]? { pairs }
  var length: Int? { predictions.count }

  func item(_ index: RValue) throws(ReplError) -> RValue? {
    guard case .int(let i) = index else {
      throw ReplError.type("prediction indices must be integers")
    }
    let n = predictions.count
    let k = i < 0 ? i + n : i
    guard k >= 0, k < n else { throw ReplError.index("prediction index out of range") }
    return pairs[k]
  }
}

extension Tokenizer {
  /// Each id as its token text (`<unk>` for an id outside the vocabulary).
  func decodeTokens(_ ids: [TokenID]) -> [String] {
    ids.map { vocabulary.token(for: Int($0)) ?? Vocabulary.unknownToken }
  }
}

/// A string argument, or a TypeError naming the function and parameter.
func stringArgument(_ value: RValue, _ function: String, _ parameter: String) throws(ReplError)
  -> String
{
  guard case .str(let s) = value else {
    throw ReplError.type("\(function)() \(parameter) must be a string, got '\(value.typeName)'")
  }
  return s
}
