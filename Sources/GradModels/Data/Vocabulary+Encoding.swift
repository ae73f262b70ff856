// A vocabulary as bytes, for checkpoints: a small JSON document,
//
//   {"checksum":"…","counts":[…],"format":"gradrepl-vocabulary",
//    "specialTokens":["<unk>","<eos>"],"tokenizer":{"endOfSequence":"lines",
//    "kind":"word","lowercase":true},"tokens":["<unk>","<eos>","the",…],"version":1}
//
// Keys are sorted so the same vocabulary always gives the same bytes. The
// checksum (64-bit FNV-1a over tokens, counts, special tokens and settings)
// catches damage that still parses as JSON, such as a changed letter.

import Foundation

extension Vocabulary {
  /// The format version `encoded()` writes and the newest `init(decoding:)` reads.
  public static let formatVersion = 1
  static let formatName = "gradrepl-vocabulary"

  /// The vocabulary as compact, versioned JSON (UTF-8), for embedding in a checkpoint.
  public func encoded() -> Data {
    let payload = Payload(
      format: Vocabulary.formatName, version: Vocabulary.formatVersion,
      tokenizer: SettingsPayload(tokenizer), specialTokens: specialTokens, tokens: tokens,
      counts: counts, checksum: checksum)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Strings, Ints and Bools always encode; an empty document would fail to decode loudly.
    return (try? encoder.encode(payload)) ?? Data()
  }

  /// A vocabulary read back from `encoded()` bytes.
  ///
  /// - Throws: `DataError.corruptVocabulary` for bytes that are not a
  ///   vocabulary (truncated, not JSON, fields missing or inconsistent,
  ///   checksum mismatch); `.unsupportedVocabularyVersion` for a newer format.
  public init(decoding data: Data) throws(DataError) {
    guard !data.isEmpty else { throw .corruptVocabulary(reason: "there are no bytes") }
    let decoder = JSONDecoder()
    // Read the header first, so a newer format is reported as such, not as damage.
    let header: Header
    do {
      header = try decoder.decode(Header.self, from: data)
    } catch {
      throw .corruptVocabulary(reason: Vocabulary.explain(error))
    }
    guard header.format == Vocabulary.formatName else {
      throw .corruptVocabulary(reason: "the bytes are JSON but not a gradrepl vocabulary")
    }
    guard let version = header.version, version >= 1 else {
      throw .corruptVocabulary(reason: "the format version is missing or not positive")
    }
    guard version <= Vocabulary.formatVersion else {
      throw .unsupportedVocabularyVersion(found: version, supported: Vocabulary.formatVersion)
    }
    let payload: Payload
    do {
      payload = try decoder.decode(Payload.self, from: data)
    } catch {
      throw .corruptVocabulary(reason: Vocabulary.explain(error))
    }
    let settings = try payload.tokenizer.settings()
    try self.init(
      tokens: payload.tokens, counts: payload.counts, specialTokens: payload.specialTokens,
      tokenizer: settings)
    guard checksum == payload.checksum else {
      throw .corruptVocabulary(
        reason: "its checksum does not match its contents (the bytes were changed)")
    }
  }

  /// 64-bit FNV-1a over everything `encoded()` stores, as 16 hex digits.
  var checksum: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ byte: UInt8) {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    func mix(_ value: Int) {
      var v = UInt64(bitPattern: Int64(value))
      for _ in 0..<8 {
        mix(UInt8(truncatingIfNeeded: v))
        v >>= 8
      }
    }
    func mix(_ text: String) {
      mix(text.utf8.count)
      for byte in text.utf8 { mix(byte) }
    }
    mix(SettingsPayload(tokenizer).canonical)
    mix(specialTokens.count)
    for special in specialTokens { mix(special) }
    mix(tokens.count)
    for token in tokens { mix(token) }
    for count in counts { mix(count) }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  private static func explain(_ error: any Error) -> String {
    guard let decoding = error as? DecodingError else {
      return "it could not be read (\(error.localizedDescription))"
    }
    switch decoding {
    case .keyNotFound(let key, _):
      return "the field \"\(key.stringValue)\" is missing"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return "the field \"\(path)\" has the wrong type"
    case .dataCorrupted:
      return "it is not valid JSON (the bytes may be truncated)"
    @unknown default:
      return "it could not be decoded"
    }
  }
}

// MARK: - Stored form

private struct Header: Decodable {
  var format: String?
  var version: Int?
}

private struct Payload: Codable {
  var format: String
  var version: Int
  var tokenizer: SettingsPayload
  var specialTokens: [String]
  var tokens: [String]
  var counts: [Int]
  var checksum: String
}

/// `TokenizerSettings` flattened into plain fields.
private struct SettingsPayload: Codable {
  var kind: String
  var lowercase: Bool?
  var endOfSequence: String?
  var maxVocabulary: Int?

  init(_ settings: TokenizerSettings) {
    kind = settings.name
    if case .word(let options) = settings {
      lowercase = options.lowercase
      endOfSequence = options.endOfSequence.rawValue
      maxVocabulary = options.maxVocabulary
    }
  }

  /// A fixed spelling of the settings for the checksum.
  var canonical: String {
    [
      kind, lowercase.map { "\($0)" } ?? "-", endOfSequence ?? "-",
      maxVocabulary.map { "\($0)" } ?? "-",
    ]
    .joined(separator: "|")
  }

  func settings() throws(DataError) -> TokenizerSettings {
    switch kind {
    case "word":
      guard let lowercase, let name = endOfSequence,
        let marking = EndOfSequenceMarking(rawValue: name)
      else {
        throw .corruptVocabulary(reason: "the word tokenizer's options are missing or unknown")
      }
      return .word(
        .init(lowercase: lowercase, endOfSequence: marking, maxVocabulary: maxVocabulary))
    case "wikitext": return .wikiText
    case "char": return .character
    default: throw .corruptVocabulary(reason: "the tokenizer kind \"\(kind)\" is unknown")
    }
  }
}
