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
