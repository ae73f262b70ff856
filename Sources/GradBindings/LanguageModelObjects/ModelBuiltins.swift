// The language-model built-ins: data (`corpus`, `load_text`), the lecture's
// models (`NPLM`, `RNN`, `LeakyRNN`, `LSTM`, `GRU`), `train`, `predict`,
// `sample`, `save` and `load_model`. Every engine error becomes one line the
// student can act on; Ctrl-C ends a training run between two steps and keeps
// the model.

import Foundation
import GradCore
import GradLanguage
import GradModels

enum ModelBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    registerData(in: &table)
    registerModels(in: &table)
    table.add(
      "train",
      signature: "train(model, data, epochs=1, lr=None, optimizer=None, clip=None, bptt=None, "
        + "batch=None, seed=None, max_steps=None, plot=False)",
      doc: "Trains the model on data.train, printing progress (tokens/s, loss, ETA) and one row "
        + "per epoch (train and valid perplexity), then the test perplexity. Defaults: NPLM "
        + "Adam lr 0.001, batch 128, no clipping; recurrent models SGD lr 20, batch 20, bptt 35, "
        + "clip 0.25 (clip=0 turns clipping off). Ctrl-C stops between two steps and keeps the "
        + "model. plot=True shows the loss and gradient norm live (text at the end without a "
        + "terminal). Calling it again continues: optimizer state, learning rate and epoch count "
        + "carry over (lr= sets a new rate). Returns a TrainingResult."
    ) { (args, interpreter) throws(ReplError) in
      try ModelTraining.train(args, interpreter)
    }
    table.add(
      "predict", signature: "predict(model, prompt, k=5)",
      doc: "The k most probable next words after prompt, with their probabilities."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("predict", positional: 2, 3, keywords: ["k"])
      let object = try modelArgument(args.positional[0], "predict")
      let prompt = try stringArgument(args.positional[1], "predict", "prompt")
      let k = try args.argument(2, "k")?.integer(for: "predict") ?? 5
      guard k >= 1, k <= 1_000_000 else {
        throw ReplError.value("predict() k must be at least 1, got \(k)")
      }
      let predictions = try engine {
        try GradModels.predict(
          object.model, tokenizer: object.tokenizer, prompt: prompt, topK: k)
      }
      return .object(PredictionsObject(prompt: prompt, predictions: predictions))
    }
    table.add(
      "sample", signature: "sample(model, prompt, n=20, temperature=1.0, seed=1)",
      doc: "Continues prompt with n words drawn from softmax(y / temperature); returns the text. "
        + "The same seed gives the same text."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("sample", positional: 2, 5, keywords: ["n", "temperature", "seed"])
      let object = try modelArgument(args.positional[0], "sample")
      let prompt = try stringArgument(args.positional[1], "sample", "prompt")
      let n = try args.argument(2, "n")?.integer(for: "sample") ?? 20
      let temperature = try args.argument(3, "temperature")?.number(for: "sample") ?? 1
      let seed = try seedArgument(args.argument(4, "seed"), "sample") ?? 1
      let text = try engine {
        try GradModels.sample(
          object.model, tokenizer: object.tokenizer, prompt: prompt, count: n,
          temperature: temperature, seed: seed)
      }
      return .str(text.isEmpty ? prompt : prompt + " " + text)
    }
    table.add(
      "save", signature: "save(model, path)",
      doc: "Writes the model, its vocabulary and its training state to a checkpoint file."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("save", positional: 2)
      let object = try modelArgument(args.positional[0], "save")
      let path = try stringArgument(args.positional[1], "save", "path")
      do {
        try Checkpoint.save(
          model: object.model, vocabulary: object.tokenizer.vocabulary, trainer: object.trainer,
          to: path)
      } catch {
        throw ReplError("OSError", "cannot save to '\(path)': \(describe(error))")
      }
      return .none
    }
    table.add(
      "load_model", signature: "load_model(path)",
      doc: "Reads a checkpoint written by save() (or gradrepl train --save): the model and its "
        + "tokenizer."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("load_model", positional: 1)
      let path = try stringArgument(args.positional[0], "load_model", "path")
      guard FileManager.default.fileExists(atPath: path) else {
        throw ReplError("FileNotFoundError", "No such file or directory: '\(path)'")
      }
      let checkpoint: Checkpoint
      do {
        checkpoint = try Checkpoint.load(from: path)
      } catch {
        throw ReplError("OSError", "cannot load '\(path)': \(describe(error))")
      }
      return .object(
        LanguageModelObject(
          model: checkpoint.model, tokenizer: checkpoint.vocabulary.makeTokenizer()))
    }
  }

  // MARK: Data

  private static func registerData(in table: inout BuiltinTable) {
    table.add(
      "corpus", signature: "corpus(name='toy')",
      doc: "A corpus shipped with gradrepl, tokenized and split 90/5/5 into train, valid and "
        + "test. 'toy': short English sentences (the cat sat on the mat ...)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("corpus", positional: 0, 1, keywords: ["name"])
      let name = try args.argument(0, "name").map { v throws(ReplError) in
        try stringArgument(v, "corpus", "name")
      }
      let data = try engine {
        try LanguageModelData(corpus: try Corpus.named(name ?? "toy"))
      }
      return .object(LanguageDataObject(data))
    }
    table.add(
      "load_text",
      signature: "load_text(path, tokenizer='word', valid=None, test=None)",
      doc: "Reads a text file for training. tokenizer: 'word' (lower-cased words, <eos> per "
        + "line), 'wikitext' (whitespace split, as PyTorch's word_language_model) or 'char'. "
        + "Without valid or test files, 5% of the lines each are cut from the end."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("load_text", positional: 1, 4, keywords: ["tokenizer", "valid", "test"])
      let path = try stringArgument(args.positional[0], "load_text", "path")
      let tokenizerName = try args.argument(1, "tokenizer").map { v throws(ReplError) in
        try stringArgument(v, "load_text", "tokenizer")
      }
      let valid = try optionalString(args.argument(2, "valid"), "load_text", "valid")
      let test = try optionalString(args.argument(3, "test"), "load_text", "test")
      guard let settings = TokenizerSettings.named(tokenizerName ?? "word") else {
        throw ReplError.value(
          "load_text() tokenizer must be 'word', 'wikitext' or 'char', got '\(tokenizerName ?? "")'"
        )
      }
      let data = try engine {
        try LanguageModelData(
          trainPath: path, validPath: valid, testPath: test, tokenizer: settings)
      }
      return .object(LanguageDataObject(data))
    }
  }

  // MARK: Models

  private static func registerModels(in table: inout BuiltinTable) {
    table.add(
      "NPLM", signature: "NPLM(data, emb=64, hidden=128, context=3, direct=True, seed=1)",
      doc: "Bengio et al.'s neural probabilistic language model: context words through a "
        + "shared embedding C, a tanh layer, softmax. Its repr is the parameter table next to "
        + "the N-gram table it replaces."
    ) { (args, interpreter) throws(ReplError) in
      try makeModel(.nplm, "NPLM", args, extra: ["context", "direct"])
    }
    let recurrent: [(String, ModelKind, String, Set<String>)] = [
      (
        "RNN", .rnn, "An Elman recurrent network: h_t = φ(W_hh·h_{t−1} + W_xh·x_t + b).",
        ["nonlinearity"]
      ),
      (
        "LeakyRNN", .leakyRNN,
        "A recurrent network whose state leaks: h_t = α·h_{t−1} + (1 − α)·φ(…).",
        ["nonlinearity", "alpha"]
      ),
      ("LSTM", .lstm, "Long short-term memory: forget, input and output gates and a cell C.", []),
      ("GRU", .gru, "Gated recurrent unit: reset and update gates.", []),
    ]
    for (name, kind, doc, extra) in recurrent {
      var signature = "\(name)(data, emb=64, hidden=128, layers=1, "
      if extra.contains("nonlinearity") { signature += "nonlinearity='tanh', " }
      if extra.contains("alpha") { signature += "alpha=0.5, " }
      signature += "dropout=0, seed=1)"
      table.add(name, signature: signature, doc: doc) { (args, interpreter) throws(ReplError) in
        try makeModel(kind, name, args, extra: extra.union(["layers", "dropout"]))
      }
    }
  }

  private static func makeModel(
    _ kind: ModelKind, _ function: String, _ args: Arguments, extra: Set<String>
  ) throws(ReplError) -> RValue {
    try args.check(function, positional: 1, 1, keywords: extra.union(["emb", "hidden", "seed"]))
    guard case .object(let object) = args.positional[0], let data = object as? LanguageDataObject
    else {
      throw ReplError.type(
        "\(function)() needs the data to train on first: \(function)(corpus('toy')) or "
          + "\(function)(load_text('file.txt')), got '\(args.positional[0].typeName)'")
    }
    let tokenizer = data.data.tokenizer
    var c = ModelConfiguration(kind: kind, vocabularySize: tokenizer.vocabulary.count)
    c.embeddingSize = try args.keyword("emb")?.integer(for: function) ?? c.embeddingSize
    c.hiddenSize = try args.keyword("hidden")?.integer(for: function) ?? c.hiddenSize
    c.layerCount = try args.keyword("layers")?.integer(for: function) ?? c.layerCount
    c.contextSize = try args.keyword("context")?.integer(for: function) ?? c.contextSize
    if let direct = args.keyword("direct") {
      guard case .bool(let b) = direct else {
        throw ReplError.type("\(function)() direct must be True or False")
      }
      c.directConnection = b
    }
    if let name = args.keyword("nonlinearity") {
      let text = try stringArgument(name, function, "nonlinearity")
      let choices = Nonlinearity.languageModelChoices
      guard let n = Nonlinearity(rawValue: text.lowercased()), choices.contains(n) else {
        throw ReplError.value(
          "\(function)() nonlinearity must be one of "
            + choices.map { "'\($0.rawValue)'" }.joined(separator: ", "))
      }
      c.nonlinearity = n
    }
    if kind == .leakyRNN { c.leak = try args.keyword("alpha")?.number(for: function) ?? c.leak }
    c.dropout = try args.keyword("dropout")?.number(for: function) ?? c.dropout
    c.seed = try seedArgument(args.keyword("seed"), function) ?? c.seed
    let configuration = c
    let model = try engine {
      try configuration.validate()
      return try makeLanguageModel(configuration)
    }
    return .object(LanguageModelObject(model: model, tokenizer: tokenizer))
  }

  // MARK: Arguments

  static func modelArgument(_ value: RValue, _ function: String) throws(ReplError)
    -> LanguageModelObject
  {
    guard case .object(let object) = value, let model = object as? LanguageModelObject else {
      throw ReplError.type(
        "\(function)() needs a language model (NPLM, RNN, LeakyRNN, LSTM, GRU or load_model()), "
          + "got '\(value.typeName)'")
    }
    return model
  }

  static func seedArgument(_ value: RValue?, _ function: String) throws(ReplError) -> UInt64? {
    guard let value, !value.isNone else { return nil }
    let n = try value.integer(for: function)
    guard n >= 0 else { throw ReplError.value("\(function)() seed must not be negative") }
    return UInt64(n)
  }

  static func optionalString(_ value: RValue?, _ function: String, _ parameter: String)
    throws(ReplError) -> String?
  {
    guard let value, !value.isNone else { return nil }
    return try stringArgument(value, function, parameter)
  }

  /// Runs an engine call, turning its error into one ValueError line.
  static func engine<T>(_ body: () throws -> T) throws(ReplError) -> T {
    do {
      return try body()
    } catch let error as ReplError {
      throw error
    } catch {
      throw ReplError.value(describe(error))
    }
  }

  static func describe(_ error: any Error) -> String {
    String(describing: error)
  }
}
