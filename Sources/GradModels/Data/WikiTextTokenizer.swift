// PyTorch's examples/word_language_model tokenization, reproduced exactly so
// perplexities on WikiText-2 compare with the reference:
//
//   for line in open(path, encoding="utf8"):   # \n, \r\n and \r end a line
//       for word in line.split() + ['<eos>']:   # Python whitespace
//           dictionary.add_word(word)           # ids in first-seen order
//
// The dictionary is built over train, valid and test in that order, so every
// word has an id and there is no frequency cap: WikiText already replaced rare
// words by <unk> in the text itself.

/// Whitespace-split words with `<eos>` after every line, ids in first-seen order.
///
/// Matches `data.Corpus` of PyTorch's word_language_model: fitting on the
/// train, valid and test texts in that order gives the same dictionary and
/// the same id streams. One addition: when the texts never contain `<unk>`,
/// it is appended last so that unseen words have an id (PyTorch raises a
/// `KeyError` on them instead).
public struct WikiTextTokenizer: Tokenizer {
  public let vocabulary: Vocabulary
  private let unknownID: TokenID
  private let endID: TokenID

  /// A tokenizer whose vocabulary is every word of `training`, in first-seen order.
  ///
  /// - Throws: `DataError.notEnoughData` when the texts have no lines.
  public init(training: [String]) throws(DataError) {
    var counter = TokenCounter()
    for text in training { WikiTextTokenizer.scan(text) { counter.add($0) } }
    guard !counter.isEmpty else {
      throw .notEnoughData("The training text has no lines to build a vocabulary from.")
    }
    var tokens = counter.order  // first-seen order, as Python's dictionary
    var counts = counter.counts
    if counter.count(of: Vocabulary.unknownToken) == 0 {
      tokens.append(Vocabulary.unknownToken)
      counts.append(0)
    }
    self.vocabulary = try Vocabulary(
      tokens: tokens, counts: counts,
      specialTokens: [Vocabulary.unknownToken, Vocabulary.endOfSequenceToken],
      tokenizer: .wikiText)
    self.unknownID = vocabulary.unknownID ?? 0
    self.endID = vocabulary.endOfSequenceID ?? 0
  }

  /// A tokenizer whose vocabulary is every word of one text.
  public init(training: String) throws(DataError) { try self.init(training: [training]) }

  init(trustedVocabulary vocabulary: Vocabulary) {
    self.vocabulary = vocabulary
    self.unknownID = vocabulary.unknownID ?? 0
    self.endID = vocabulary.endOfSequenceID ?? 0
  }

  public func tokenize(_ text: String) -> [String] {
    var tokens: [String] = []
    WikiTextTokenizer.scan(text) { tokens.append(String(decoding: $0, as: UTF8.self)) }
    return tokens
  }

  public func encode(_ text: String) -> [TokenID] { encode(text, closingText: true) }

  public func encodePrompt(_ text: String) -> [TokenID] { encode(text, closingText: false) }

  private func encode(_ text: String, closingText: Bool) -> [TokenID] {
    var ids: [TokenID] = []
    ids.reserveCapacity(text.utf8.count / 5)
    WikiTextTokenizer.scan(text, closingText: closingText) {
      ids.append(vocabulary.id(ofUTF8: $0) ?? unknownID)
    }
    return ids
  }

  /// Text for `ids`: the words of a line joined by single spaces, `<eos>` as a newline.
  public func decode(_ ids: [TokenID]) -> String {
    var out = ""
    var atLineStart = true
    for id in ids {
      if id == endID {
        out += "\n"
        atLineStart = true
        continue
      }
      if !atLineStart { out += " " }
      out += vocabulary.token(for: Int(id)) ?? Vocabulary.unknownToken
      atLineStart = false
    }
    return out
  }

  /// Walks `text` line by line as Python's text-mode file iteration does and
  /// hands each word of `line.split()`, then `<eos>`, to `emit`. With
  /// `closingText` false, a last line without a line break gets no `<eos>`.
  static func scan(
    _ text: String, closingText: Bool = true, emit: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    let eos = Array(Vocabulary.endOfSequenceToken.utf8)
    withUTF8Bytes(text) { p in
      let n = p.count
      var i = 0
      var wordStart: Int? = nil
      while i < n {
        let (s, w) = decodeScalar(p, at: i)
        if s == 0x0A || s == 0x0D {
          if let start = wordStart { emit(slice(p, start, i)) }
          wordStart = nil
          eos.withUnsafeBufferPointer { emit($0) }
          i += (s == 0x0D && i + 1 < n && p[i + 1] == 0x0A) ? 2 : 1
          continue
        }
        if isPythonWhitespace(s) {
          if let start = wordStart { emit(slice(p, start, i)) }
          wordStart = nil
        } else if wordStart == nil {
          wordStart = i
        }
        i += w
      }
      // A last line without a line break is still a line.
      if let start = wordStart { emit(slice(p, start, n)) }
      if closingText && n > 0 && p[n - 1] != 0x0A && p[n - 1] != 0x0D {
        eos.withUnsafeBufferPointer { emit($0) }
      }
    }
  }
}

/// Python's `str.isspace()`: the characters `str.split()` splits on.
@inline(__always)
private func isPythonWhitespace(_ s: UInt32) -> Bool {
  switch s {
  case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
    0x205F, 0x3000:
    return true
  default:
    return false
  }
}
