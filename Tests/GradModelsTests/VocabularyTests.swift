import Foundation
import Testing

@testable import GradModels

@Suite struct VocabularyTests {
  static let text = "The cat sat on the mat.\nA dog sat on the rug!\ncafe\u{301} café\n"

  static func tokenizers() throws -> [any Tokenizer] {
    [
      try WordTokenizer(
        training: text, options: .init(endOfSequence: .sentences, maxVocabulary: 9)),
      try WordTokenizer(training: text, options: .init(lowercase: false)),
      try WikiTextTokenizer(training: text),
      try CharacterTokenizer(training: text),
    ]
  }

  @Test func idsAndTokens() throws {
    let vocabulary = try WordTokenizer(training: Self.text).vocabulary
    let the = try #require(vocabulary.id(of: "the"))
    #expect(vocabulary.token(for: Int(the)) == "the")
    #expect(vocabulary.token(for: -1) == nil)
    #expect(vocabulary.token(for: vocabulary.count) == nil)
    #expect(vocabulary.id(of: "zebra") == nil)
    #expect(vocabulary.isSpecial(0) && vocabulary.isSpecial(1) && !vocabulary.isSpecial(the))
    // The two spellings of café are two tokens.
    #expect(vocabulary.id(of: "café") != vocabulary.id(of: "cafe\u{301}"))
  }

  @Test(arguments: 0..<4)
  func encodedRoundTrip(kind: Int) throws {
    let tokenizer = try Self.tokenizers()[kind]
    let bytes = tokenizer.vocabulary.encoded()
    let decoded = try Vocabulary(decoding: bytes)
    #expect(decoded == tokenizer.vocabulary)
    #expect(decoded.encoded() == bytes)  // deterministic bytes
    // The saved vocabulary restores a tokenizer that encodes the same way.
    let restored = decoded.makeTokenizer()
    #expect(restored.encode(Self.text) == tokenizer.encode(Self.text))
    #expect(
      restored.decode(tokenizer.encode(Self.text)) == tokenizer.decode(tokenizer.encode(Self.text)))
  }

  @Test func everyTruncationIsAnError() throws {
    let bytes = try WordTokenizer(training: "a b c").vocabulary.encoded()
    for length in 0..<bytes.count {
      #expect(throws: DataError.self) { try Vocabulary(decoding: bytes.prefix(length)) }
    }
  }

  @Test func changedContentsFailTheChecksum() throws {
    let bytes = try WordTokenizer(training: "cat dog").vocabulary.encoded()
    let text = try #require(String(data: bytes, encoding: .utf8))
    let damaged = Data(text.replacingOccurrences(of: "\"cat\"", with: "\"cot\"").utf8)
    #expect(damaged != bytes)
    #expect(
      throws: DataError.corruptVocabulary(
        reason: "its checksum does not match its contents (the bytes were changed)")
    ) {
      try Vocabulary(decoding: damaged)
    }
  }

  @Test func otherBytesAreClearErrors() throws {
    let bytes = try WordTokenizer(training: "cat").vocabulary.encoded()
    let text = try #require(String(data: bytes, encoding: .utf8))
    #expect(throws: DataError.unsupportedVocabularyVersion(found: 7, supported: 1)) {
      try Vocabulary(
        decoding: Data(text.replacingOccurrences(of: "\"version\":1", with: "\"version\":7").utf8))
    }
    #expect(
      throws: DataError.corruptVocabulary(
        reason: "the bytes are JSON but not a gradrepl vocabulary")
    ) {
      try Vocabulary(decoding: Data("{\"tokens\":[]}".utf8))
    }
    #expect(throws: DataError.corruptVocabulary(reason: "the field \"counts\" is missing")) {
      try Vocabulary(
        decoding: Data(text.replacingOccurrences(of: "\"counts\"", with: "\"kounts\"").utf8))
    }
    #expect(throws: DataError.self) { try Vocabulary(decoding: Data([0xFF, 0x00, 0x12])) }
    #expect(throws: DataError.self) { try Vocabulary(decoding: Data()) }
  }

  @Test func inconsistentTokensAreRejected() {
    #expect(throws: DataError.self) {
      try Vocabulary(tokens: ["<unk>", "a", "a"], specialTokens: ["<unk>"], tokenizer: .character)
    }
    #expect(throws: DataError.self) {
      try Vocabulary(tokens: ["<unk>", "ab"], specialTokens: ["<unk>"], tokenizer: .character)
    }
    #expect(throws: DataError.self) {  // a word vocabulary needs <eos>
      try Vocabulary(tokens: ["<unk>", "a"], specialTokens: ["<unk>"], tokenizer: .word(.init()))
    }
    #expect(throws: DataError.self) {
      try Vocabulary(
        tokens: ["<unk>", "a"], counts: [1], specialTokens: ["<unk>"], tokenizer: .character)
    }
    #expect(throws: DataError.self) {
      try Vocabulary(tokens: ["<unk>", ""], specialTokens: ["<unk>"], tokenizer: .character)
    }
  }
}

@Suite struct VocabularyDamageTests {
  @Test func everySingleBitFlipIsDetected() throws {
    let vocabulary = try WordTokenizer(training: "the cat sat, the dog ran").vocabulary
    let bytes = vocabulary.encoded()
    var undetected: [Int] = []
    for index in bytes.indices {
      for bit in 0..<8 {
        var damaged = bytes
        damaged[index] ^= UInt8(1 << bit)
        if let decoded = try? Vocabulary(decoding: damaged), decoded != vocabulary {
          undetected.append(index)
        }
      }
    }
    #expect(undetected.isEmpty, "bit flips at bytes \(undetected) went unnoticed")
  }
}
