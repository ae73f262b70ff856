import Testing

@testable import GradModels

// Behaviour every tokenizer shares: prompts, robustness, settings by name.

@Suite struct PromptEncodingTests {
  @Test func anUnfinishedLineGetsNoEndOfSequence() throws {
    let word = try WordTokenizer(training: "the cat sat on the mat.\n")
    let eos = try #require(word.vocabulary.endOfSequenceID)
    #expect(word.encode("the cat sat").last == eos)
    #expect(word.encodePrompt("the cat sat") == ids(["the", "cat", "sat"], in: word.vocabulary))
    #expect(
      word.encodePrompt("the mat.\nthe cat")
        == ids(
          ["the", "mat", ".", "<eos>", "the", "cat"], in: word.vocabulary))
    #expect(word.encodePrompt("the cat\n").last == eos)

    let sentences = try WordTokenizer(
      training: "the cat sat on the mat.", options: .init(endOfSequence: .sentences))
    #expect(sentences.encodePrompt("the cat sat").last != eos)
    #expect(sentences.encodePrompt("the cat sat.").last == eos)

    let wiki = try WikiTextTokenizer(training: "the cat sat\n")
    #expect(wiki.encodePrompt("the cat") == [0, 1])
    #expect(wiki.encodePrompt("the cat\n") == [0, 1, 3])

    let characters = try CharacterTokenizer(training: "ab")
    #expect(characters.encodePrompt("ab") == characters.encode("ab"))
  }
}

@Suite struct TokenizerRobustnessTests {
  /// Random text from a mix of ASCII, accents, combining marks, spaces and symbols.
  static func randomText(seed: UInt64, length: Int) -> String {
    let pieces: [Unicode.Scalar] = [
      "a", "b", "Z", "9", "0", " ", "\n", "\r", "\t", ".", ",", "'", "\u{2019}", "-", "<", ">",
      "u", "n", "k", "e", "o", "s", "é", "\u{301}", "\u{200D}", "\u{A0}", "\u{2028}", "🙂", "字",
      "\u{0}", "\u{1F}", "\u{FEFF}", "!", "?", "\"", ")",
    ]
    var generator = SeededGenerator(seed: seed)
    var scalars = String.UnicodeScalarView()
    for _ in 0..<length { scalars.append(pieces[generator.index(below: pieces.count)]) }
    return String(scalars)
  }

  @Test(arguments: 0..<20)
  func randomTextNeverTraps(seed: Int) throws {
    let training = Self.randomText(seed: UInt64(seed), length: 400)
    let other = Self.randomText(seed: UInt64(seed) + 1_000, length: 400)
    let tokenizers: [any Tokenizer] = [
      try WordTokenizer(training: training, options: .init(maxVocabulary: 8)),
      try WordTokenizer(training: training, options: .init(endOfSequence: .sentences)),
      try WikiTextTokenizer(training: training),
      try CharacterTokenizer(training: training),
    ]
    for tokenizer in tokenizers {
      let ids = tokenizer.encode(other)
      #expect(ids.allSatisfy { $0 >= 0 && Int($0) < tokenizer.vocabulary.count })
      #expect(tokenizer.encodePrompt(other).count <= ids.count)
      _ = tokenizer.decode(ids)
    }
    // Word and WikiText: encoding what decode wrote gives the same ids.
    for tokenizer in tokenizers.prefix(1) + tokenizers[2...2] {
      let ids = tokenizer.encode(training)
      #expect(tokenizer.encode(tokenizer.decode(ids)) == ids)
    }
    let characters = tokenizers[3]
    #expect(characters.decode(characters.encode(training)) == training)
  }
}

@Suite struct TokenizerSettingsTests {
  @Test func namesOnTheCommandLine() {
    #expect(TokenizerSettings.named("char") == .character)
    #expect(TokenizerSettings.named("WikiText") == .wikiText)
    #expect(
      TokenizerSettings.named("word", options: .init(maxVocabulary: 50))
        == .word(.init(maxVocabulary: 50)))
    #expect(TokenizerSettings.named("bpe") == nil)
  }

  @Test func fitBuildsTheRightKind() throws {
    #expect(try TokenizerSettings.character.fit(["ab"]) is CharacterTokenizer)
    #expect(try TokenizerSettings.wikiText.fit(["a b"]) is WikiTextTokenizer)
    let word = try TokenizerSettings.word(.init(lowercase: false)).fit(["A b"])
    #expect(word.tokenize("A") == ["A", "<eos>"])
    #expect(word.description == "word (cased, <eos> per line) tokenizer, V = 4")
  }
}
