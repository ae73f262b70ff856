// From files (or a shipped corpus) to the three id streams a training run
// needs: `gradrepl train MODEL --data FILE [--valid FILE] [--test FILE]`.

/// A fitted tokenizer and the training, validation and test id streams.
public struct LanguageModelData: Sendable, CustomStringConvertible {
  /// The tokenizer (its vocabulary is what a checkpoint saves).
  public let tokenizer: any Tokenizer
  /// Training ids.
  public let train: [TokenID]
  /// Validation ids (for early stopping and learning-rate decisions).
  public let valid: [TokenID]
  /// Test ids (reported once, at the end).
  public let test: [TokenID]
  /// Where the text came from, for reports: "data.txt (lines 1–900 of 1000)".
  public let source: String

  /// Tokenizes texts already in memory.
  ///
  /// A missing `valid` or `test` part is cut from the end of `train` by lines
  /// (5% each; see `TextSplit`). Word and character vocabularies are counted
  /// on the training part only, so the validation and test parts show how the
  /// model does on words it never saw (they become `<unk>`); the WikiText
  /// vocabulary covers all three parts in the order train, valid, test, as
  /// PyTorch's `Corpus` does.
  ///
  /// - Parameters:
  ///   - name: how to name the training text in messages (a path, say).
  /// - Throws: `DataError` when a part is too small or the settings are invalid.
  public init(
    train: String, valid: String? = nil, test: String? = nil,
    tokenizer settings: TokenizerSettings, name: String = "the text"
  ) throws(DataError) {
    var trainText = train
    var validText = valid ?? ""
    var testText = test ?? ""
    var source = name
    if valid == nil || test == nil {
      let split = try TextSplit(
        train, validFraction: valid == nil ? 0.05 : 0, testFraction: test == nil ? 0.05 : 0,
        name: name)
      trainText = split.train
      if valid == nil { validText = split.valid }
      if test == nil { testText = split.test }
      let total = split.testLines.upperBound
      var parts = ["training: lines 1–\(split.trainLines.upperBound) of \(total)"]
      if valid == nil { parts.append("validation: \(Self.lines(split.validLines))") }
      if test == nil { parts.append("test: \(Self.lines(split.testLines))") }
      source += " (" + parts.joined(separator: ", ") + ")"
    }
    let tokenizer: any Tokenizer
    switch settings {
    case .wikiText: tokenizer = try settings.fit([trainText, validText, testText])
    case .word, .character: tokenizer = try settings.fit([trainText])
    }
    self.tokenizer = tokenizer
    self.train = tokenizer.encode(trainText)
    self.valid = tokenizer.encode(validText)
    self.test = tokenizer.encode(testText)
    self.source = source
  }

  /// Reads and tokenizes files; `validPath` and `testPath` are optional.
  ///
  /// - Throws: `DataError` naming the file that cannot be used, or the part
  ///   that is too small.
  public init(
    trainPath: String, validPath: String? = nil, testPath: String? = nil,
    tokenizer settings: TokenizerSettings
  ) throws(DataError) {
    let train = try TextFile.read(trainPath)
    let valid = try validPath.map { path throws(DataError) in try TextFile.read(path) }
    let test = try testPath.map { path throws(DataError) in try TextFile.read(path) }
    try self.init(train: train, valid: valid, test: test, tokenizer: settings, name: trainPath)
  }

  /// A shipped corpus, split 90 / 5 / 5 by lines, with its own tokenizer
  /// settings unless `tokenizer` overrides them.
  public init(corpus: ShippedCorpus, tokenizer settings: TokenizerSettings? = nil)
    throws(DataError)
  {
    try self.init(
      train: corpus.text, tokenizer: settings ?? corpus.tokenizer, name: "corpus \(corpus.name)")
  }

  public var description: String {
    "\(source): \(train.count) training, \(valid.count) validation, \(test.count) test tokens; "
      + "\(tokenizer)"
  }

  private static func lines(_ range: Range<Int>) -> String {
    "lines \(range.lowerBound + 1)–\(range.upperBound)"
  }
}
