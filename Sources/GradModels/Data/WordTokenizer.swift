// Word-level tokenization for the lecture's models.
//
// "The cat's mat, 3.5 m wide!" -> the cat's mat , 3.5 m wide ! <eos>
//
// A word is a run of letters, digits and combining marks. Inside a word an
// apostrophe between letters (don't, cat's, o'clock; ’ is read as '), a hyphen
// between letters or digits (well-known, 1-0) and a point or comma between
// digits (3.14, 10,000) are kept, so contractions and numbers stay whole.
// Every other visible character is a token of its own. Whitespace separates;
// control and invisible formatting characters (zero-width joiner, soft
// hyphen) are dropped, also inside words.

/// Where `WordTokenizer` puts `<eos>`.
public enum EndOfSequenceMarking: String, Sendable, Hashable, CaseIterable,
  CustomStringConvertible
{
  /// After every line that has tokens (blank lines add nothing). Suits text
  /// with one sentence or one verse per line, like the shipped corpus.
  case lines
  /// After each run of `.`, `!`, `?` or `…` (and the closing quotes or
  /// brackets right after it), and at blank lines and the end of the text.
  /// Abbreviations such as "Mr." also end a sentence.
  case sentences

  public var description: String { self == .lines ? "line" : "sentence" }
}

/// Splits text into words and punctuation (lower-cased by default), with `<eos>` markers.
///
/// The vocabulary is `<unk>` (id 0), `<eos>` (id 1), then words from the
/// training text by falling count, ties broken by Unicode code-point order,
/// capped at `maxVocabulary` tokens in all; words outside it encode as `<unk>`.
/// The text `<unk>` or `<eos>` written literally stands for that token.
public struct WordTokenizer: Tokenizer {
  /// Choices that shape the tokens; saved with the vocabulary.
  public struct Options: Sendable, Hashable {
    /// Lower-case the text first ("The" and "the" become one word).
    public var lowercase: Bool
    /// Where `<eos>` goes.
    public var endOfSequence: EndOfSequenceMarking
    /// The most tokens the vocabulary may hold, `<unk>` and `<eos>` included;
    /// nil keeps every word of the training text.
    public var maxVocabulary: Int?

    public init(
      lowercase: Bool = true, endOfSequence: EndOfSequenceMarking = .lines,
      maxVocabulary: Int? = nil
    ) {
      self.lowercase = lowercase
      self.endOfSequence = endOfSequence
      self.maxVocabulary = maxVocabulary
    }
  }

  public let vocabulary: Vocabulary
  public let options: Options
  private let unknownID: TokenID
  private let endID: TokenID

  /// A tokenizer whose vocabulary is counted from `training` texts.
  ///
  /// - Throws: `DataError.invalidParameter` when `maxVocabulary < 3`,
  ///   `.notEnoughData` when the texts contain no words.
  public init(training: [String], options: Options = .init()) throws(DataError) {
    if let cap = options.maxVocabulary, cap < 3 {
      throw .invalidParameter(
        name: "maxVocabulary", value: "\(cap)",
        requirement: "at least 3 (<unk>, <eos> and one word)")
    }
    var counter = TokenCounter()
    for text in training {
      WordTokenizer.scan(text, options: options) { counter.add($0) }
    }
    let order = counter.order
    let unk = Vocabulary.unknownToken
    let eos = Vocabulary.endOfSequenceToken
    // Rank words by count (most frequent first); equal counts in code-point order.
    var words = Array(zip(order, counter.counts)).filter { $0.0 != unk && $0.0 != eos }
    guard !words.isEmpty else {
      throw .notEnoughData("The training text has no words to build a vocabulary from.")
    }
    words.sort { $0.1 != $1.1 ? $0.1 > $1.1 : scalarOrder($0.0, $1.0) }
    let room = (options.maxVocabulary ?? Int.max) - 2
    let kept = words.prefix(room)
    // Words cut by the cap are read as <unk>, so their occurrences count for it.
    let dropped = words.dropFirst(kept.count).reduce(0) { $0 + $1.1 }
    self.vocabulary = try Vocabulary(
      tokens: [unk, eos] + kept.map(\.0),
      counts: [counter.count(of: unk) + dropped, counter.count(of: eos)] + kept.map(\.1),
      specialTokens: [unk, eos], tokenizer: .word(options))
    self.options = options
    self.unknownID = 0
    self.endID = 1
  }

  /// A tokenizer whose vocabulary is counted from one training text.
  public init(training: String, options: Options = .init()) throws(DataError) {
    try self.init(training: [training], options: options)
  }

  /// A tokenizer for a vocabulary already validated as a word vocabulary.
  init(trustedVocabulary vocabulary: Vocabulary, options: Options) {
    self.vocabulary = vocabulary
    self.options = options
    self.unknownID = vocabulary.unknownID ?? 0
    self.endID = vocabulary.endOfSequenceID ?? 0
  }

  public func tokenize(_ text: String) -> [String] {
    var tokens: [String] = []
    WordTokenizer.scan(text, options: options) {
      tokens.append(String(decoding: $0, as: UTF8.self))
    }
    return tokens
  }

  public func encode(_ text: String) -> [TokenID] { encode(text, closingText: true) }

  public func encodePrompt(_ text: String) -> [TokenID] { encode(text, closingText: false) }

  private func encode(_ text: String, closingText: Bool) -> [TokenID] {
    var ids: [TokenID] = []
    ids.reserveCapacity(text.utf8.count / 4)
    WordTokenizer.scan(text, options: options, closingText: closingText) {
      ids.append(vocabulary.id(ofUTF8: $0) ?? unknownID)
    }
    return ids
  }

  /// Text for `ids`: tokens joined by spaces, no space before closing
  /// punctuation or after opening brackets, a newline for each `<eos>`.
  public func decode(_ ids: [TokenID]) -> String {
    var out = ""
    var atLineStart = true
    var glueNext = false
    for id in ids {
      if id == endID {
        out += "\n"
        atLineStart = true
        continue
      }
      let text = vocabulary.token(for: Int(id)) ?? Vocabulary.unknownToken
      if !atLineStart && !glueNext && !WordTokenizer.attachesLeft.contains(text) { out += " " }
      out += text
      atLineStart = false
      glueNext = WordTokenizer.attachesRight.contains(text)
    }
    return out
  }

  private static let attachesLeft: Set<String> = [
    ".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "\u{2026}",
  ]
  private static let attachesRight: Set<String> = ["(", "[", "{"]

  // MARK: - Scanning

  private static let sentenceFinal: Set<UInt32> = [0x2E, 0x21, 0x3F, 0x2026]  // . ! ? …
  private static let closers: Set<UInt32> = [0x22, 0x27, 0x29, 0x5D, 0x201D, 0x2019, 0xBB]

  /// Walks `text` and hands the UTF-8 bytes of each token, `<eos>` included, to `emit`.
  ///
  /// With `closingText` false, the end of the text does not end the last
  /// line (or unfinished sentence): the text is a prompt to be continued.
  static func scan(
    _ text: String, options: Options, closingText: Bool = true,
    emit: (UnsafeBufferPointer<UInt8>) -> Void
  ) {
    let source = options.lowercase ? text.lowercased() : text
    withUTF8Bytes(source) { p in
      let n = p.count
      var i = 0
      var lineHasTokens = false  // tokens since the last line break
      var open = false  // tokens since the last <eos>
      var pendingEnd = false  // a sentence-final mark awaits its <eos>

      func endSequence() {
        if open { endOfSequenceBytes.withUnsafeBufferPointer { emit($0) } }
        open = false
        pendingEnd = false
      }
      func add(_ token: UnsafeBufferPointer<UInt8>, scalar: UInt32?) {
        if options.endOfSequence == .sentences && pendingEnd {
          if let s = scalar, closers.contains(s) || sentenceFinal.contains(s) {
            // "Stop!" she said. -> the quote closes the sentence before <eos>.
          } else {
            endSequence()
          }
        }
        emit(token)
        open = true
        lineHasTokens = true
        if let s = scalar, sentenceFinal.contains(s) { pendingEnd = true }
      }

      while i < n {
        let (s, w) = decodeScalar(p, at: i)
        if s == 0x0A || s == 0x0D {
          // \r\n is one line break.
          i += (s == 0x0D && i + 1 < n && p[i + 1] == 0x0A) ? 2 : 1
          switch options.endOfSequence {
          case .lines: if lineHasTokens { endSequence() }
          case .sentences: if !lineHasTokens { endSequence() }  // a blank line ends a paragraph
          }
          lineHasTokens = false
          continue
        }
        if isSeparator(s) || isIgnorable(s) {
          i += w
          continue
        }
        if s == 0x3C, let special = literalSpecial(p, at: i) {  // "<unk>" or "<eos>"
          if special == Vocabulary.endOfSequenceToken {
            open = true
            endSequence()
            lineHasTokens = true
          } else {
            add(slice(p, i, i + special.utf8.count), scalar: nil)
          }
          i += special.utf8.count
          continue
        }
        if !isWordCharacter(s) {
          add(slice(p, i, i + w), scalar: s)
          i += w
          continue
        }
        // A word: extend over word characters and the joiners allowed inside.
        let start = i
        var previous = s
        var curly = false
        var invisible = false
        var j = i + w
        while j < n {
          let (c, cw) = decodeScalar(p, at: j)
          if isWordCharacter(c) {
            previous = c
            j += cw
            continue
          }
          if isIgnorable(c) {  // a soft hyphen or joiner inside a word vanishes
            invisible = true
            j += cw
            continue
          }
          guard j + cw < n else { break }
          let next = decodeScalar(p, at: j + cw).value
          let joins: Bool
          switch c {
          case 0x27, 0x2019: joins = isLetter(previous) && isLetter(next)  // don't, cat's
          case 0x2D, 0x2010: joins = isWordCharacter(previous) && isWordCharacter(next)
          case 0x2E, 0x2C: joins = isDigit(previous) && isDigit(next)  // 3.14, 10,000
          default: joins = false
          }
          guard joins else { break }
          if c == 0x2019 { curly = true }
          previous = c
          j += cw
        }
        if curly || invisible {
          var word = normalised(String(decoding: slice(p, start, j), as: UTF8.self))
          word.withUTF8 { add($0, scalar: nil) }
        } else {
          add(slice(p, start, j), scalar: nil)
        }
        i = j
      }
      if closingText || (options.endOfSequence == .sentences && pendingEnd) { endSequence() }
    }
  }

  /// `<unk>` or `<eos>` when the bytes at `i` spell one of them.
  private static func literalSpecial(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> String? {
    for special in [Vocabulary.unknownToken, Vocabulary.endOfSequenceToken] {
      let end = i + special.utf8.count
      if end <= p.count && p[i..<end].elementsEqual(special.utf8) { return special }
    }
    return nil
  }
}

// MARK: - Character classes

private let endOfSequenceBytes = Array(Vocabulary.endOfSequenceToken.utf8)

/// `word` with each ’ (U+2019) written as ' so both spellings are one word,
/// and without invisible formatting characters.
private func normalised(_ word: String) -> String {
  var scalars = String.UnicodeScalarView()
  for scalar in word.unicodeScalars where !isIgnorable(scalar.value) {
    scalars.append(scalar.value == 0x2019 ? "'" : scalar)
  }
  return String(scalars)
}

/// Whitespace and control characters: they separate tokens.
@inline(__always)
private func isSeparator(_ s: UInt32) -> Bool {
  if s < 0x80 { return s <= 0x20 || s == 0x7F }
  guard let scalar = Unicode.Scalar(s) else { return false }
  return scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
}

/// Invisible formatting characters (Cf): zero-width joiner, soft hyphen, BOM.
@inline(__always)
private func isIgnorable(_ s: UInt32) -> Bool {
  guard s >= 0x80, let scalar = Unicode.Scalar(s) else { return false }
  return scalar.properties.generalCategory == .format
}

@inline(__always)
private func isWordCharacter(_ s: UInt32) -> Bool {
  if s < 0x80 {
    return (0x30...0x39).contains(s) || (0x41...0x5A).contains(s) || (0x61...0x7A).contains(s)
  }
  guard let scalar = Unicode.Scalar(s) else { return false }
  let properties = scalar.properties
  if properties.isAlphabetic || properties.numericType != nil { return true }
  switch properties.generalCategory {
  case .nonspacingMark, .spacingMark, .enclosingMark: return true
  default: return false
  }
}

@inline(__always)
private func isLetter(_ s: UInt32) -> Bool {
  if s < 0x80 { return (0x41...0x5A).contains(s) || (0x61...0x7A).contains(s) }
  return Unicode.Scalar(s)?.properties.isAlphabetic ?? false
}

@inline(__always)
private func isDigit(_ s: UInt32) -> Bool {
  if s < 0x80 { return (0x30...0x39).contains(s) }
  return Unicode.Scalar(s)?.properties.numericType == .decimal
}
