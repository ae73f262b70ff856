// The vocabulary: the bijection between token strings and the integer ids a
// model sees. An embedding matrix has one row per id, the softmax one output
// per id, so V = vocabulary.count is the width of both.

/// Token ids as models consume them (row numbers of the embedding matrix).
public typealias TokenID = Int32

/// Maps tokens to ids and back, with training counts and special tokens.
///
/// Ids are dense: `0..<count`. Every vocabulary records which tokenizer built
/// it (`tokenizer`), so a saved vocabulary restores the whole text pipeline:
/// `try Vocabulary(decoding: bytes).makeTokenizer()`.
public struct Vocabulary: Sendable, CustomStringConvertible {
  /// The unknown-word token: stands for every word outside the vocabulary.
  public static let unknownToken = "<unk>"
  /// The end-of-sequence token: marks the end of a line or sentence.
  public static let endOfSequenceToken = "<eos>"

  /// `tokens[id]` is the token with that id.
  public let tokens: [String]
  /// `counts[id]`: how often the id occurs in the encoded training text.
  public let counts: [Int]
  /// Tokens that are markers rather than text (`<unk>`, `<eos>`).
  public let specialTokens: [String]
  /// The tokenizer (and its options) that produced this vocabulary.
  public let tokenizer: TokenizerSettings

  let table: TokenTable

  /// A vocabulary from explicit tokens.
  ///
  /// - Parameters:
  ///   - tokens: the tokens in id order; no duplicates (compared by exact
  ///     Unicode scalars), no empty strings.
  ///   - counts: training counts per id (all zero when omitted).
  ///   - specialTokens: tokens that are markers; each must be in `tokens`.
  ///   - tokenizer: the tokenizer these tokens belong to.
  /// - Throws: `DataError.corruptVocabulary` describing the first problem.
  public init(
    tokens: [String], counts: [Int]? = nil, specialTokens: [String],
    tokenizer: TokenizerSettings
  ) throws(DataError) {
    let counts = counts ?? Array(repeating: 0, count: tokens.count)
    guard !tokens.isEmpty else { throw .corruptVocabulary(reason: "it has no tokens") }
    guard tokens.count <= Int(TokenID.max) else {
      throw .corruptVocabulary(reason: "it has \(tokens.count) tokens, more than ids can number")
    }
    guard counts.count == tokens.count else {
      throw .corruptVocabulary(
        reason: "it has \(tokens.count) tokens but \(counts.count) counts")
    }
    if let bad = counts.firstIndex(where: { $0 < 0 }) {
      throw .corruptVocabulary(reason: "token \(bad) has a negative count \(counts[bad])")
    }
    var table = TokenTable()
    for (id, token) in tokens.enumerated() {
      guard !token.isEmpty else { throw .corruptVocabulary(reason: "token \(id) is empty") }
      let (first, inserted) = table.insert(token)
      if !inserted {
        throw .corruptVocabulary(
          reason: "token \"\(token)\" appears twice (ids \(first) and \(id))")
      }
    }
    for special in specialTokens where table.find(special) == nil {
      throw .corruptVocabulary(reason: "special token \(special) is missing from the tokens")
    }
    for required in tokenizer.requiredSpecialTokens where !specialTokens.contains(required) {
      throw .corruptVocabulary(
        reason: "a \(tokenizer.name) vocabulary needs the special token \(required)")
    }
    if case .character = tokenizer {
      for (id, token) in tokens.enumerated()
      where token.unicodeScalars.count != 1 && !specialTokens.contains(token) {
        throw .corruptVocabulary(
          reason: "token \(id) of a character vocabulary is not a single character")
      }
    }
    self.tokens = tokens
    self.counts = counts
    self.specialTokens = specialTokens
    self.tokenizer = tokenizer
    self.table = table
  }

  /// The number of tokens, V.
  public var count: Int { tokens.count }

  /// The id of `token` (exact Unicode scalars), or nil when it is not in the vocabulary.
  public func id(of token: String) -> TokenID? { table.find(token) }

  /// The id of the token spelled by `bytes` (UTF-8), or nil.
  @inline(__always)
  func id(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> TokenID? { table.find(bytes) }

  /// The token with id `id`, or nil when `id` is outside `0..<count`.
  public func token(for id: Int) -> String? {
    tokens.indices.contains(id) ? tokens[id] : nil
  }

  /// The id of `<unk>`, when the vocabulary has one.
  public var unknownID: TokenID? { id(of: Vocabulary.unknownToken) }

  /// The id of `<eos>`, when the vocabulary has one.
  public var endOfSequenceID: TokenID? { id(of: Vocabulary.endOfSequenceToken) }

  /// True when `id` is the id of a special token.
  public func isSpecial(_ id: TokenID) -> Bool {
    guard let token = token(for: Int(id)) else { return false }
    return specialTokens.contains(token)
  }

  public var description: String {
    let shown = tokens.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
    let more = count > 8 ? ", …" : ""
    return "Vocabulary(\(tokenizer.name), \(count) tokens: \(shown)\(more))"
  }
}

extension Vocabulary: Equatable {
  public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
    lhs.counts == rhs.counts && lhs.tokenizer == rhs.tokenizer
      && lhs.specialTokens.map(TokenKey.init) == rhs.specialTokens.map(TokenKey.init)
      && lhs.tokens.map(TokenKey.init) == rhs.tokens.map(TokenKey.init)
  }
}

// MARK: - Building from counts

/// Counts tokens in first-seen order while a tokenizer walks training text.
struct TokenCounter {
  private var table = TokenTable()
  private(set) var counts: [Int] = []

  mutating func add(_ token: UnsafeBufferPointer<UInt8>) {
    let (id, inserted) = table.insert(token)
    if inserted { counts.append(1) } else { counts[Int(id)] += 1 }
  }

  /// The distinct tokens, in the order they were first seen.
  var order: [String] { (0..<table.count).map { table.token($0) } }

  var isEmpty: Bool { counts.isEmpty }

  func count(of token: String) -> Int { table.find(token).map { counts[Int($0)] } ?? 0 }
}
