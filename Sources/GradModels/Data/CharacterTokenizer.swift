// Character-level tokenization: the tokens are Unicode scalars (code points),
// not grapheme clusters. Scalars give a small, closed alphabet (tinyshakespeare
// has 65), the same ids as Python's `sorted(set(text))`, and every id stream
// decodes back to exactly the text it came from. A grapheme such as "é"
// written as e + U+0301 is two tokens; "\r\n" is two tokens.

/// One token per Unicode scalar; ids in code-point order, `<unk>` last.
///
/// With a training text whose characters are `chars = sorted(set(text))`, the
/// id of `chars[k]` is `k`, as in char-RNN and nanoGPT's Shakespeare example;
/// `<unk>` (id `V - 1`) stands for characters not seen in training and decodes
/// as U+FFFD (�).
public struct CharacterTokenizer: Tokenizer {
  public let vocabulary: Vocabulary
  private let unknownID: TokenID
  // Direct table for the ASCII range; the vocabulary's dictionary beyond it.
  private let asciiIDs: [TokenID]

  /// A tokenizer whose alphabet is every scalar of `training`.
  ///
  /// - Throws: `DataError.notEnoughData` when the texts are empty.
  public init(training: [String]) throws(DataError) {
    var counts: [UInt32: Int] = [:]
    for text in training {
      for scalar in text.unicodeScalars { counts[scalar.value, default: 0] += 1 }
    }
    guard !counts.isEmpty else {
      throw .notEnoughData("The training text is empty; there are no characters to learn.")
    }
    let alphabet = counts.keys.sorted()
    let tokens = alphabet.compactMap { Unicode.Scalar($0).map { String($0) } }
    let vocabulary = try Vocabulary(
      tokens: tokens + [Vocabulary.unknownToken],
      counts: alphabet.map { counts[$0] ?? 0 } + [0],
      specialTokens: [Vocabulary.unknownToken], tokenizer: .character)
    self.init(trustedVocabulary: vocabulary)
  }

  /// A tokenizer whose alphabet is every scalar of one text.
  public init(training: String) throws(DataError) { try self.init(training: [training]) }

  init(trustedVocabulary vocabulary: Vocabulary) {
    self.vocabulary = vocabulary
    let unknown = vocabulary.unknownID ?? 0
    self.unknownID = unknown
    self.asciiIDs = (0..<128).map { code in
      vocabulary.id(of: String(UnicodeScalar(UInt8(code)))) ?? unknown
    }
  }

  public func tokenize(_ text: String) -> [String] { text.unicodeScalars.map { String($0) } }

  public func encode(_ text: String) -> [TokenID] {
    var ids: [TokenID] = []
    ids.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if scalar.value < 128 {
        ids.append(asciiIDs[Int(scalar.value)])
      } else {
        ids.append(vocabulary.id(of: String(scalar)) ?? unknownID)
      }
    }
    return ids
  }

  /// The same as `encode`: characters have no end marker.
  public func encodePrompt(_ text: String) -> [TokenID] { encode(text) }

  public func decode(_ ids: [TokenID]) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(ids.count)
    for id in ids {
      if id != unknownID, let text = vocabulary.token(for: Int(id)) {
        bytes.append(contentsOf: text.utf8)
      } else {
        bytes.append(contentsOf: "\u{FFFD}".utf8)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
