import Testing

@testable import GradModels

@Suite struct TokenTableTests {
  @Test func idsInInsertionOrderThroughGrowth() {
    var table = TokenTable()
    let words =
      (0..<5_000).map { "w\($0 * 7919 % 100_003)" } + ["a-much-longer-token-than-eight-bytes"]
    for (id, word) in words.enumerated() {
      #expect(table.insert(word) == (Int32(id), true))
    }
    #expect(table.count == words.count)
    #expect(table.insert("w0") == (0, false))
    for (id, word) in words.enumerated() where id % 97 == 0 || id == words.count - 1 {
      #expect(table.find(word) == Int32(id))
      #expect(table.token(id) == word)
    }
    #expect(table.find("w") == nil)
    #expect(table.find("") == nil)
    #expect(table.find("a-much-longer-token-than-eight-byte") == nil)
  }

  @Test func keysAreExactBytes() {
    var table = TokenTable()
    table.insert("caf\u{E9}")
    #expect(table.find("cafe\u{301}") == nil)  // canonically equal, different bytes
    #expect(table.insert("cafe\u{301}") == (1, true))
  }
}
