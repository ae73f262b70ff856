import Foundation
import Testing

@testable import GradModels

@Suite struct LanguageModelDataTests {
  @Test func oneFileIsSplitNinetyFiveFive() throws {
    let text = (1...40).map { "word\($0) the cat\n" }.joined()
    let data = try LanguageModelData(train: text, tokenizer: .word(.init()), name: "notes.txt")
    // 36 training lines of 4 tokens (3 words + <eos>), 2 validation, 2 test.
    #expect(data.train.count == 36 * 4)
    #expect(data.valid.count == 2 * 4 && data.test.count == 2 * 4)
    // The vocabulary comes from the training lines: word39 is unknown.
    #expect(data.tokenizer.vocabulary.id(of: "word39") == nil)
    #expect(data.valid.first == data.tokenizer.vocabulary.unknownID)
    #expect(
      data.source
        == "notes.txt (training: lines 1–36 of 40, validation: lines 37–38, test: lines 39–40)")
  }

  @Test func wikiTextVocabularyCoversAllParts() throws {
    let data = try LanguageModelData(
      train: "a b\n", valid: "c\n", test: "d a\n", tokenizer: .wikiText)
    #expect(data.tokenizer.vocabulary.tokens == ["a", "b", "<eos>", "c", "d", "<unk>"])
    #expect(data.train == [0, 1, 2] && data.valid == [3, 2] && data.test == [4, 0, 2])
  }

  @Test func readsFilesAndReportsTheBadOne() throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let train = directory.appendingPathComponent("train.txt")
    let valid = directory.appendingPathComponent("valid.txt")
    try Data("the cat sat\nthe dog sat\n".utf8).write(to: train)
    try Data("the cat ran\n".utf8).write(to: valid)
    let test = directory.appendingPathComponent("missing.txt").path
    #expect(throws: DataError.fileNotFound(path: test)) {
      try LanguageModelData(
        trainPath: train.path, validPath: valid.path, testPath: test, tokenizer: .character)
    }
    let data = try LanguageModelData(
      trainPath: train.path, validPath: valid.path, testPath: valid.path,
      tokenizer: .word(.init()))
    #expect(data.train.count == 8 && data.valid.count == 4)
    #expect(data.tokenizer.decode(data.valid) == "the cat <unk>\n")
  }

  @Test func theShippedCorpusLoads() throws {
    let data = try LanguageModelData(corpus: Corpus.toy)
    #expect(data.train.count > 30_000)
    #expect(!data.valid.isEmpty && !data.test.isEmpty)
    #expect(data.tokenizer.vocabulary.tokenizer == Corpus.toy.tokenizer)
  }
}
