import Foundation
import GradTestSupport
import Testing

@testable import GradModels

@Suite struct WikiTextTokenizerTests {
  // Expected ids come from PyTorch word_language_model's data.Corpus run on
  // these texts written to train.txt, valid.txt and test.txt.
  let train =
    "  The cat sat .\n\n = Title = \r\nline\twith\u{0B}tabs\u{A0}and nbsp\u{2028}sep\rold mac "
    + "<unk> caf\u{E9} cafe\u{301}\n"
  let valid = "the new words\n  \nlast line no newline"
  let expectedWords = [
    "The", "cat", "sat", ".", "<eos>", "=", "Title", "line", "with", "tabs", "and", "nbsp", "sep",
    "old", "mac", "<unk>", "caf\u{E9}", "cafe\u{301}", "the", "new", "words", "last", "no",
    "newline",
  ]

  @Test func matchesPyTorchCorpus() throws {
    let tokenizer = try WikiTextTokenizer(training: [train, valid, ""])
    let vocabulary = tokenizer.vocabulary
    #expect(vocabulary.tokens.map(TokenKey.init) == expectedWords.map(TokenKey.init))
    #expect(
      tokenizer.encode(train) == [
        0, 1, 2, 3, 4, 4, 5, 6, 5, 4, 7, 8, 9, 10, 11, 12, 4, 13, 14, 15, 16, 17, 4,
      ])
    #expect(tokenizer.encode(valid) == [18, 19, 20, 4, 4, 21, 7, 22, 23, 4])
    #expect(tokenizer.encode("") == [])
    #expect(vocabulary.unknownID == 15)
    #expect(vocabulary.endOfSequenceID == 4)
    #expect(vocabulary.counts[4] == 8)  // one <eos> per line
  }

  @Test func splitsLikePythonStrSplit() throws {
    // Python: one line (file iteration breaks only at \n, \r\n, \r);
    // str.split() breaks at \x1c, NEL, form feed and U+2029 but not at U+200B.
    let tokenizer = try WikiTextTokenizer(training: "x")
    #expect(
      tokenizer.tokenize("a\u{1C}b\u{85}c\u{0C}d\u{2029}e\u{200B}f\n")
        == ["a", "b", "c", "d", "e\u{200B}f", "<eos>"])
  }

  @Test func unseenWordsBecomeUnknown() throws {
    let tokenizer = try WikiTextTokenizer(training: "a b\n")
    // No <unk> in the text: it is appended so unseen words have an id.
    #expect(tokenizer.vocabulary.tokens == ["a", "b", "<eos>", "<unk>"])
    #expect(tokenizer.encode("b zebra a") == [1, 3, 0, 2])
  }

  @Test func decodeRoundTrip() throws {
    let tokenizer = try WikiTextTokenizer(training: [train, valid])
    for text in [train, valid] {
      let ids = tokenizer.encode(text)
      #expect(tokenizer.encode(tokenizer.decode(ids)) == ids)
    }
    #expect(tokenizer.decode([0, 1, 4, 4, 2] as [TokenID]) == "The cat\n\nsat")
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data (or $GRADREPL_SHARED)"))
  func wikiText2ValidAndTest() throws {
    let valid = try TextFile.read(try #require(SharedData.path("wikitext-2/valid.txt")))
    let test = try TextFile.read(try #require(SharedData.path("wikitext-2/test.txt")))
    let tokenizer = try WikiTextTokenizer(training: [valid, test])
    // PyTorch's Corpus over valid then test: 18,328 words; 217,646 + 245,569 ids.
    // (With train.txt as well it has the well-known V = 33,278.)
    #expect(tokenizer.vocabulary.count == 18_328)
    #expect(tokenizer.encode(valid).count == 217_646)
    #expect(tokenizer.encode(test).count == 245_569)
    #expect(tokenizer.vocabulary.tokens.prefix(4) == ["<eos>", "=", "Homarus", "gammarus"])
  }
}

/// Compares the WikiText tokenizer with PyTorch word_language_model's
/// `data.Corpus` logic, run by Python on the same files.
@Suite struct WikiTextReferenceTests {
  // data.Corpus.tokenize of examples/word_language_model, printing the
  // dictionary and the id streams instead of building tensors.
  static let corpusScript = """
    import json, sys
    word2idx, idx2word, streams = {}, [], []
    for path in sys.argv[1:]:
        with open(path, 'r', encoding="utf8") as f:
            for line in f:
                for word in line.split() + ['<eos>']:
                    if word not in word2idx:
                        idx2word.append(word)
                        word2idx[word] = len(idx2word) - 1
        with open(path, 'r', encoding="utf8") as f:
            streams.append([word2idx[w] for line in f for w in line.split() + ['<eos>']])
    print(json.dumps({"words": idx2word, "streams": streams}))
    """

  static func randomText(seed: UInt64, length: Int) -> String {
    let pieces = [
      "the", "cat", "Sat", "on", "<unk>", "café", "cafe\u{301}", "=", "@-@", "3.5", " ", " ",
      "  ", "\t", "\n", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{85}", "\u{A0}",
      "\u{2028}", "\u{2029}", "\u{3000}", "\u{200B}", "🙂", "字",
    ]
    var generator = SeededGenerator(seed: seed)
    return (0..<length).map { _ in pieces[generator.index(below: pieces.count)] }.joined()
  }

  @Test(
    .enabled(
      if: ReferencePython.executable != nil,
      "needs the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench)"),
    arguments: [1, 2, 3] as [UInt64])
  func matchesTheReferenceOnRandomText(seed: UInt64) throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let texts = (0..<3).map { Self.randomText(seed: seed * 10 + UInt64($0), length: 300) }
    let paths = try texts.enumerated().map { index, text in
      let url = directory.appendingPathComponent("part\(index).txt")
      try Data(text.utf8).write(to: url)
      return url.path
    }
    let run = try #require(try ReferencePython.run(Self.corpusScript, arguments: paths))
    try #require(run.status == 0, "\(run.standardError)")
    let output = run.standardOutput
    struct Reference: Decodable {
      let words: [String]
      let streams: [[Int32]]
    }
    let reference = try JSONDecoder().decode(Reference.self, from: Data(output.utf8))
    let tokenizer = try WikiTextTokenizer(training: texts)
    // Random text may lack <unk>; the tokenizer then appends it last.
    let words = tokenizer.vocabulary.tokens
    let expected = reference.words.contains("<unk>") ? reference.words : reference.words + ["<unk>"]
    #expect(words.map(TokenKey.init) == expected.map(TokenKey.init))
    #expect(reference.streams.allSatisfy { !$0.isEmpty })
    #expect(texts.map(tokenizer.encode) == reference.streams)
  }
}
