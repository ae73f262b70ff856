import Testing

@testable import GradModels

@Suite struct WordTokenizerTests {
  let lines = WordTokenizer.Options()
  let sentences = WordTokenizer.Options(endOfSequence: .sentences)

  func tokens(_ text: String, _ options: WordTokenizer.Options = .init()) throws -> [String] {
    try WordTokenizer(training: "x", options: options).tokenize(text)
  }

  @Test func punctuationIsItsOwnToken() throws {
    #expect(
      try tokens("The cat's mat, 3.5 m wide!")
        == ["the", "cat's", "mat", ",", "3.5", "m", "wide", "!", "<eos>"])
    #expect(
      try tokens("(yes) -- no...") == ["(", "yes", ")", "-", "-", "no", ".", ".", ".", "<eos>"])
  }

  @Test func contractionsAndQuotes() throws {
    #expect(
      try tokens("Don\u{2019}t stop, it's o'clock") == [
        "don't", "stop", ",", "it's", "o'clock", "<eos>",
      ])
    // Quotes around a word are punctuation; a trailing apostrophe too.
    #expect(
      try tokens("'Hello,' the dogs' owner said.") == [
        "'", "hello", ",", "'", "the", "dogs", "'", "owner", "said", ".", "<eos>",
      ])
  }

  @Test func hyphensAndNumbers() throws {
    #expect(
      try tokens("a well-known 1-0 win, -x 10,000 3.14. 5.") == [
        "a", "well-known", "1-0", "win", ",", "-", "x", "10,000", "3.14", ".", "5", ".", "<eos>",
      ])
  }

  @Test func unicodeWords() throws {
    // Combining accents stay in their word; ZWJ is dropped; an emoji is a token.
    #expect(
      try tokens("Café cafe\u{301} naïve 🙂 a\u{200D}b co\u{AD}op \u{200B}x") == [
        "café", "cafe\u{301}", "naïve", "🙂", "ab", "coop", "x", "<eos>",
      ])
  }

  @Test func endOfSequenceAfterEveryLineWithTokens() throws {
    #expect(
      try tokens("a b\n\nc\r\nd\re", lines) == [
        "a", "b", "<eos>", "c", "<eos>", "d", "<eos>", "e", "<eos>",
      ])
    #expect(try tokens("  \n\t\n", lines) == [])
  }

  @Test func endOfSequenceAfterSentences() throws {
    #expect(
      try tokens("Hi there. How are\nyou?! Fine\n\nNew para", sentences) == [
        "hi", "there", ".", "<eos>", "how", "are", "you", "?", "!", "<eos>", "fine", "<eos>",
        "new", "para", "<eos>",
      ])
    // A closing quote belongs to the sentence it closes.
    #expect(
      try tokens("\"Stop!\" she said.", sentences) == [
        "\"", "stop", "!", "\"", "<eos>", "she", "said", ".", "<eos>",
      ])
  }

  @Test func literalSpecialTokens() throws {
    let tokenizer = try WordTokenizer(training: "a <UNK> b")
    #expect(tokenizer.tokenize("x <unk> y <eos> z") == ["x", "<unk>", "y", "<eos>", "z", "<eos>"])
    #expect(tokenizer.vocabulary.tokens == ["<unk>", "<eos>", "a", "b"])
    #expect(tokenizer.vocabulary.counts == [1, 1, 1, 1])
  }

  @Test func casingIsAnOption() throws {
    #expect(try tokens("The Cat") == ["the", "cat", "<eos>"])
    #expect(try tokens("The Cat", .init(lowercase: false)) == ["The", "Cat", "<eos>"])
  }

  @Test func vocabularyCapAndUnknownWords() throws {
    let tokenizer = try WordTokenizer(
      training: "d c c b b a a a", options: .init(maxVocabulary: 4))
    let vocabulary = tokenizer.vocabulary
    // b and c tie at 2: code-point order keeps b.
    #expect(vocabulary.tokens == ["<unk>", "<eos>", "a", "b"])
    // <unk> counts the cut words: c twice, d once.
    #expect(vocabulary.counts == [3, 1, 3, 2])
    #expect(tokenizer.encode("a c e b") == [2, 0, 0, 3, 1])
    // Counts are exactly the ids' frequencies in the encoded training text.
    let encoded = tokenizer.encode("d c c b b a a a")
    #expect((0..<4).map { id in encoded.count(where: { $0 == id }) } == vocabulary.counts)
  }

  @Test func tieBreakingDoesNotDependOnTextOrder() throws {
    let forward = try WordTokenizer(training: "z y x w\nx z")
    let backward = try WordTokenizer(training: "z x\nw x y z")
    #expect(forward.vocabulary == backward.vocabulary)
    #expect(forward.vocabulary.tokens == ["<unk>", "<eos>", "x", "z", "w", "y"])
  }

  @Test func decodeJoinsTokensReadably() throws {
    let text = "the cat sat on the mat.\nwhere is it? (under the bed, i think)\n"
    let tokenizer = try WordTokenizer(training: text)
    #expect(tokenizer.decode(tokenizer.encode(text)) == text)
  }

  @Test func roundTripOnTheToyCorpus() throws {
    let tokenizer = try WordTokenizer(training: Corpus.toy.text)
    let ids = tokenizer.encode(Corpus.toy.text)
    #expect(!ids.contains(tokenizer.vocabulary.unknownID ?? -1))
    #expect(tokenizer.encode(tokenizer.decode(ids)) == ids)
  }

  @Test func decodeNeverTrapsOnBadIds() throws {
    let tokenizer = try WordTokenizer(training: "a b")
    #expect(tokenizer.decode([2, -5, 99, 3] as [TokenID]) == "a <unk> <unk> b")
    #expect(tokenizer.decode([Int.max, 2]) == "<unk> a")
  }

  @Test func badSettingsAreErrors() {
    #expect(
      throws: DataError.invalidParameter(
        name: "maxVocabulary", value: "2", requirement: "at least 3 (<unk>, <eos> and one word)")
    ) {
      try WordTokenizer(training: "a", options: .init(maxVocabulary: 2))
    }
    #expect(throws: DataError.self) { try WordTokenizer(training: " \n\t \u{200B} ") }
  }
}
