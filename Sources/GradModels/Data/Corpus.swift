// Text that ships inside gradrepl, so that `train(model, Corpus.toy)` works
// on any machine with no download and no file to find.

/// A named text shipped with gradrepl.
public struct ShippedCorpus: Sendable, CustomStringConvertible {
  /// The name to ask for it by (`--data toy`, `corpus("toy")`).
  public let name: String
  /// What is in it and what it is for, in one sentence.
  public let summary: String
  /// The text itself, one sentence per line.
  public let text: String
  /// The tokenizer it is meant to be read with.
  public let tokenizer: TokenizerSettings

  public var description: String {
    let lines = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    return "\(name): \(summary) (\(lines) lines)"
  }
}

/// The corpora shipped with gradrepl.
public enum Corpus {
  /// A few thousand short English sentences about animals, people, places and
  /// things, built so that a small NPLM learns "the cat sat" → "on" and that
  /// cat and dog (or "the" and "a") end up with similar embeddings.
  ///
  /// Generated from templates and word lists by a fixed-seed generator, with
  /// a handful of hand-written paragraphs; the same text on every run.
  public static let toy = ShippedCorpus(
    name: "toy",
    summary: "short English sentences about animals, people, places and things",
    text: ToyCorpus.generate(),
    tokenizer: .word(.init(lowercase: true, endOfSequence: .lines)))

  /// Every shipped corpus.
  public static var all: [ShippedCorpus] { [toy] }

  /// The shipped corpus called `name`.
  ///
  /// - Throws: `DataError.unknownCorpus` listing the available names.
  public static func named(_ name: String) throws(DataError) -> ShippedCorpus {
    guard let corpus = all.first(where: { $0.name == name.lowercased() }) else {
      throw .unknownCorpus(name: name, available: all.map(\.name))
    }
    return corpus
  }
}
