import Testing

@testable import GradModels

@Suite struct CharacterTokenizerTests {
  @Test func alphabetIsSortedScalarsThenUnknown() throws {
    let tokenizer = try CharacterTokenizer(training: "hello, world\n")
    #expect(
      tokenizer.vocabulary.tokens == [
        "\n", " ", ",", "d", "e", "h", "l", "o", "r", "w", "<unk>",
      ])
    #expect(tokenizer.encode("hello") == [5, 4, 6, 6, 7])
    #expect(tokenizer.vocabulary.counts[6] == 3)  // three l's
  }

  @Test func roundTripIsExact() throws {
    let text = "Café, cafe\u{301}!\r\nZoë 🙂\tend"
    let tokenizer = try CharacterTokenizer(training: text)
    let ids = tokenizer.encode(text)
    #expect(ids.count == text.unicodeScalars.count)
    #expect(tokenizer.decode(ids).unicodeScalars.elementsEqual(text.unicodeScalars))
  }

  @Test func unseenCharactersAreUnknown() throws {
    let tokenizer = try CharacterTokenizer(training: "ab")
    let unknown = try #require(tokenizer.vocabulary.unknownID)
    #expect(unknown == 2)
    #expect(tokenizer.encode("abcé") == [0, 1, unknown, unknown])
    #expect(tokenizer.decode([0, unknown, 1, 7] as [TokenID]) == "a\u{FFFD}b\u{FFFD}")
  }

  @Test func emptyTrainingTextIsAnError() {
    #expect(throws: DataError.self) { try CharacterTokenizer(training: "") }
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data (or $GRADREPL_SHARED)"))
  func tinyShakespeareHas65Characters() throws {
    let text = try TextFile.read(try #require(SharedData.path("tinyshakespeare.txt")))
    let tokenizer = try CharacterTokenizer(training: text)
    #expect(tokenizer.vocabulary.count == 65 + 1)  // 65 characters and <unk>
    let ids = tokenizer.encode(text)
    #expect(ids.count == 1_115_394)
    #expect(tokenizer.decode(ids) == text)
  }
}
