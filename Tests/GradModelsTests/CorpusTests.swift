import Testing

@testable import GradModels

@Suite struct CorpusTests {
  let text = Corpus.toy.text

  /// 64-bit FNV-1a of the text's UTF-8 bytes.
  func digest(_ text: String) -> UInt64 {
    text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
  }

  @Test func textIsFixed() {
    #expect(ToyCorpus.generate() == text)
    // Changes when the generator, its word lists or its seed change; update
    // this value (and docs/data.md) on purpose only.
    #expect(String(digest(text), radix: 16) == "868908936f623b2e")
  }

  @Test func sizeAndVocabulary() throws {
    let lines = text.split(separator: "\n")
    #expect(lines.count >= 4_000 && lines.count <= 4_100)
    let tokenizer = try WordTokenizer(training: text)
    #expect((250...400).contains(tokenizer.vocabulary.count))
    for word in ["cat", "dog", "sat", "on", "mat", "rug", "the", "a"] {
      #expect((tokenizer.vocabulary.id(of: word) ?? 0) > 1, "\(word) is in the vocabulary")
    }
  }

  /// How often each word follows `context` in the corpus tokens.
  func continuations(of context: [String], in tokens: [String]) -> [String: Int] {
    var counts: [String: Int] = [:]
    let n = context.count
    for i in 0..<(tokens.count - n) where Array(tokens[i..<(i + n)]) == context {
      counts[tokens[i + n], default: 0] += 1
    }
    return counts
  }

  @Test func theCatSatIsMostlyFollowedByOn() throws {
    let tokens = try WordTokenizer(training: text).tokenize(text)
    for context in [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat", "sat"]] {
      let next = continuations(of: context, in: tokens)
      let total = next.values.reduce(0, +)
      #expect(total >= 20, "\(context) occurs often enough to learn from")
      #expect(Double(next["on"] ?? 0) >= 0.6 * Double(total), "\(context) → on: \(next)")
    }
  }

  @Test func catAndDogShareTheirContexts() throws {
    let tokens = try WordTokenizer(training: text).tokenize(text)
    // The distributions of the word after "the cat" and after "the dog" are close.
    let afterCat = continuations(of: ["the", "cat"], in: tokens)
    let afterDog = continuations(of: ["the", "dog"], in: tokens)
    let catTotal = Double(afterCat.values.reduce(0, +))
    let dogTotal = Double(afterDog.values.reduce(0, +))
    let words = Set(afterCat.keys).union(afterDog.keys)
    let distance =
      words.reduce(0.0) {
        $0 + abs(Double(afterCat[$1] ?? 0) / catTotal - Double(afterDog[$1] ?? 0) / dogTotal)
      } / 2
    #expect(distance < 0.15, "total variation distance \(distance)")
    // And most (previous word, next word) pairs around one occur around the other.
    func surroundings(_ word: String) -> Set<[String]> {
      Set(
        (1..<(tokens.count - 1)).filter { tokens[$0] == word }.map {
          [tokens[$0 - 1], tokens[$0 + 1]]
        })
    }
    let cat = surroundings("cat")
    let dog = surroundings("dog")
    #expect(Double(cat.intersection(dog).count) >= 0.6 * Double(cat.union(dog).count))
  }

  @Test func lookUpByName() throws {
    #expect(try Corpus.named("TOY").name == "toy")
    #expect(throws: DataError.unknownCorpus(name: "big", available: ["toy"])) {
      try Corpus.named("big")
    }
  }
}
