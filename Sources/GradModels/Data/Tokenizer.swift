// Tokenizers turn text into the id sequences a language model reads, and ids
// back into text. Three kinds:
//
//   word       words, punctuation and <eos>, lower-cased, vocabulary capped by
//              frequency, rare words -> <unk> (the lecture's NPLM and RNNs)
//   wikitext   PyTorch word_language_model's Corpus, token for token
//   character  one Unicode scalar per token (char-RNN on Shakespeare)

/// Splits text into tokens and maps them to vocabulary ids.
public protocol Tokenizer: Sendable, CustomStringConvertible {
  /// The vocabulary the ids index.
  var vocabulary: Vocabulary { get }

  /// The tokens of `text`, before vocabulary lookup (unknown words kept as written).
  func tokenize(_ text: String) -> [String]

  /// The ids of the tokens of `text`; words outside the vocabulary map to `<unk>`.
  func encode(_ text: String) -> [TokenID]

  /// The ids of a text to be continued, such as the context given to
  /// `predict`: like `encode`, but an unfinished last line (or, with sentence
  /// marking, an unfinished last sentence) gets no closing `<eos>`.
  ///
  /// ```
  /// encode("the cat sat")        → the cat sat <eos>
  /// encodePrompt("the cat sat")  → the cat sat
  /// ```
  func encodePrompt(_ text: String) -> [TokenID]

  /// Text for `ids`; ids outside the vocabulary decode like `<unk>` (as the
  /// text `<unk>` for words, as U+FFFD for characters).
  func decode(_ ids: [TokenID]) -> String
}

extension Tokenizer {
  /// Text for `ids` given as `Int`s; ids outside the vocabulary decode like `<unk>`.
  public func decode(_ ids: [Int]) -> String {
    decode(ids.map { TokenID(exactly: $0) ?? -1 })
  }

  public var description: String {
    "\(vocabulary.tokenizer.summary) tokenizer, V = \(vocabulary.count)"
  }
}

/// Which tokenizer built a vocabulary, with its options; saved with the vocabulary.
public enum TokenizerSettings: Sendable, Hashable {
  /// Words and punctuation (`WordTokenizer`).
  case word(WordTokenizer.Options)
  /// PyTorch word_language_model's whitespace split (`WikiTextTokenizer`).
  case wikiText
  /// One Unicode scalar per token (`CharacterTokenizer`).
  case character

  /// The short name used on the command line and in saved vocabularies.
  public var name: String {
    switch self {
    case .word: return "word"
    case .wikiText: return "wikitext"
    case .character: return "char"
    }
  }

  /// A one-phrase description for `description`s.
  public var summary: String {
    switch self {
    case .word(let options):
      var parts = [
        options.lowercase ? "lower-cased" : "cased", "<eos> per \(options.endOfSequence)",
      ]
      if let cap = options.maxVocabulary { parts.append("at most \(cap) tokens") }
      return "word (" + parts.joined(separator: ", ") + ")"
    case .wikiText: return "wikitext (whitespace split, <eos> per line)"
    case .character: return "character (Unicode scalars)"
    }
  }

  /// Settings named `name` on the command line: `word`, `wikitext` or `char`.
  ///
  /// - Parameter options: used for `word`; ignored otherwise.
  public static func named(_ name: String, options: WordTokenizer.Options = .init())
    -> TokenizerSettings?
  {
    switch name.lowercased() {
    case "word", "words": return .word(options)
    case "wikitext", "wikitext-2", "wikitext2": return .wikiText
    case "char", "chars", "character", "characters": return .character
    default: return nil
    }
  }

  /// Special tokens a vocabulary of this kind must have.
  var requiredSpecialTokens: [String] {
    switch self {
    case .word, .wikiText: return [Vocabulary.unknownToken, Vocabulary.endOfSequenceToken]
    case .character: return [Vocabulary.unknownToken]
    }
  }

  /// A tokenizer of this kind whose vocabulary is built from `texts`, in order.
  ///
  /// Word and character tokenizers count all of `texts` as training text;
  /// the WikiText tokenizer, like PyTorch's `Corpus`, is meant to be given
  /// train, valid and test together.
  public func fit(_ texts: [String]) throws(DataError) -> any Tokenizer {
    switch self {
    case .word(let options): return try WordTokenizer(training: texts, options: options)
    case .wikiText: return try WikiTextTokenizer(training: texts)
    case .character: return try CharacterTokenizer(training: texts)
    }
  }
}

extension Vocabulary {
  /// The tokenizer that produced this vocabulary, ready to encode and decode.
  public func makeTokenizer() -> any Tokenizer {
    switch tokenizer {
    case .word(let options): return WordTokenizer(trustedVocabulary: self, options: options)
    case .wikiText: return WikiTextTokenizer(trustedVocabulary: self)
    case .character: return CharacterTokenizer(trustedVocabulary: self)
    }
  }
}
