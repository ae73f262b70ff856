import Testing

@testable import GradModels

@Suite struct TextSplitTests {
  let hundred = (1...100).map { "line \($0)\n" }.joined()

  @Test func ninetyFiveFiveByLines() throws {
    let split = try TextSplit(hundred)
    #expect(split.trainLines == 0..<90)
    #expect(split.validLines == 90..<95)
    #expect(split.testLines == 95..<100)
    #expect(split.train + split.valid + split.test == hundred)
    #expect(split.valid.hasPrefix("line 91\n") && split.valid.hasSuffix("line 95\n"))
    #expect(split.test == (96...100).map { "line \($0)\n" }.joined())
    #expect(try TextSplit(hundred) == split)  // the same every time
  }

  @Test func smallTextsKeepAtLeastOneLinePerPart() throws {
    let split = try TextSplit("a\r\nb\rc")
    #expect(split.train == "a\r\n" && split.valid == "b\r" && split.test == "c")
    #expect(throws: DataError.self) { try TextSplit("a\nb\n", name: "tiny.txt") }
  }

  @Test func zeroFractionLeavesAPartEmpty() throws {
    let split = try TextSplit(hundred, validFraction: 0, testFraction: 0.1)
    #expect(split.validLines.isEmpty && split.valid.isEmpty)
    #expect(split.testLines == 90..<100)
  }

  @Test func badFractionsAndBlankPartsAreErrors() {
    #expect(throws: DataError.self) { try TextSplit(hundred, validFraction: 0.5) }
    #expect(throws: DataError.self) { try TextSplit(hundred, testFraction: -0.1) }
    #expect(throws: DataError.self) { try TextSplit(hundred, testFraction: .nan) }
    // The last five lines are blank: the test part would hold no text.
    let text = (1...95).map { "w\($0)\n" }.joined() + String(repeating: "\n", count: 5)
    #expect(throws: DataError.self) { try TextSplit(text) }
  }
}
