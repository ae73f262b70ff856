// Train / validation / test from a single file, when the user gives only
// --data. The file is cut by lines into three contiguous blocks:
//
//   lines [0, a)   training      a = L − v − t
//   lines [a, b)   validation    v = round(L · validFraction), at least 1
//   lines [b, L)   test          t = round(L · testFraction),  at least 1
//
// (L lines; a fraction of 0 gives an empty part). Contiguous blocks, not
// every 20th line: consecutive lines of prose share words and topics, so
// scattering held-out lines through the training text would let the model
// see their neighbours and flatter its validation perplexity. The cut depends
// only on the text, so it is the same on every run.

/// Text cut by lines into training, validation and test parts.
public struct TextSplit: Sendable, Equatable {
  /// The first lines of the text.
  public let train: String
  /// The lines after `train`.
  public let valid: String
  /// The last lines.
  public let test: String
  /// Line numbers (0-based, end exclusive) of each part in the original text.
  public let trainLines: Range<Int>
  public let validLines: Range<Int>
  public let testLines: Range<Int>

  /// Cuts `text` by lines; 90 / 5 / 5 by default.
  ///
  /// A line ends at `\n`, `\r\n` or `\r`; the parts keep their line breaks,
  /// so `train + valid + test == text`.
  ///
  /// - Parameters:
  ///   - validFraction, testFraction: shares of the lines, each in `0 ..< 0.5`.
  ///   - name: how to name the text in errors (a file path, say).
  /// - Throws: `DataError.invalidParameter` for bad fractions, `.notEnoughData`
  ///   when the text has too few lines or a part would hold no text.
  public init(
    _ text: String, validFraction: Double = 0.05, testFraction: Double = 0.05,
    name: String = "the text"
  ) throws(DataError) {
    for (label, fraction) in [("valid fraction", validFraction), ("test fraction", testFraction)]
    where !(fraction >= 0 && fraction < 0.5) {
      throw .invalidParameter(name: label, value: "\(fraction)", requirement: "in 0 ..< 0.5")
    }
    let starts = TextSplit.lineStarts(text)  // byte offset of each line's start, then the end
    let lineCount = starts.count - 1
    func share(_ fraction: Double) -> Int {
      fraction == 0 ? 0 : Swift.max(1, Int((Double(lineCount) * fraction).rounded()))
    }
    let v = share(validFraction)
    let t = share(testFraction)
    guard lineCount - v - t >= 1 else {
      throw .notEnoughData(
        "\(name) has \(lineCount) line\(lineCount == 1 ? "" : "s"), too few to split into "
          + "training, validation and test parts; give the other parts as files "
          + "(--valid, --test) or use a longer text.")
    }
    let a = lineCount - v - t
    let b = lineCount - t
    let utf8 = Array(text.utf8)
    func part(_ lines: Range<Int>) -> String {
      String(decoding: utf8[starts[lines.lowerBound]..<starts[lines.upperBound]], as: UTF8.self)
    }
    train = part(0..<a)
    valid = part(a..<b)
    test = part(b..<lineCount)
    trainLines = 0..<a
    validLines = a..<b
    testLines = b..<lineCount
    for (label, content, lines) in [
      ("training", train, trainLines), ("validation", valid, validLines),
      ("test", test, testLines),
    ] where !lines.isEmpty && content.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
      throw .notEnoughData(
        "The \(label) part of \(name) (lines \(lines.lowerBound + 1)–\(lines.upperBound)) "
          + "is blank; give the parts as separate files (--valid, --test) instead.")
    }
  }

  /// Byte offsets where each line starts, followed by the text's length.
  private static func lineStarts(_ text: String) -> [Int] {
    var starts = [0]
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x0A || bytes[i] == 0x0D {
        i += (bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A) ? 2 : 1
        starts.append(i)
      } else {
        i += 1
      }
    }
    if starts.last != bytes.count { starts.append(bytes.count) }
    return starts
  }
}
