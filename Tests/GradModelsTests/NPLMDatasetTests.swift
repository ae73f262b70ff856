import Testing

@testable import GradModels

@Suite struct NPLMDatasetTests {
  @Test func continuousWindows() throws {
    let data = try NPLMDataset(tokens: [10, 11, 12, 13, 14], contextSize: 2)
    #expect(data.count == 3)
    #expect(data.example(at: 0)! == ([10, 11], 12))
    #expect(data.example(at: 2)! == ([12, 13], 14))
    #expect(data.example(at: 3) == nil)
    #expect(data.example(at: -1) == nil)
  }

  @Test func sentenceStartPadsWithEndOfSequence() throws {
    // Stream "a b <eos> c d" with <eos> = 1.
    let data = try NPLMDataset(
      tokens: [5, 6, 1, 7, 8], contextSize: 2, boundary: .sentenceStart, endOfSequenceID: 1)
    #expect(data.count == 5)
    let examples = (0..<5).compactMap { data.example(at: $0) }
    #expect(examples.map(\.context) == [[1, 1], [1, 5], [5, 6], [1, 1], [1, 7]])
    #expect(examples.map(\.target) == [5, 6, 1, 7, 8])
  }

  @Test func batchesInStreamOrder() throws {
    let data = try NPLMDataset(tokens: [10, 11, 12, 13, 14], contextSize: 2)
    let batches = Array(try data.batches(batchSize: 2, shuffle: false))
    #expect(batches.count == 2)
    #expect(
      batches[0] == NPLMBatch(contexts: [10, 11, 11, 12], targets: [12, 13], contextSize: 2))
    #expect(batches[1] == NPLMBatch(contexts: [12, 13], targets: [14], contextSize: 2))
    #expect(Array(try data.batches(batchSize: 2, shuffle: false, dropLast: true)).count == 1)
    #expect(data.batchCount(batchSize: 2) == 2)
    #expect(data.batchCount(batchSize: 2, dropLast: true) == 1)
  }

  @Test func shuffledBatchesAreSeededAndCoverEveryExampleOnce() throws {
    // Distinct tokens, so a target names its example.
    let data = try NPLMDataset(tokens: (0..<203).map { TokenID($0) }, contextSize: 3)
    let first = Array(try data.batches(batchSize: 16, seed: 42, epoch: 0))
    let again = Array(try data.batches(batchSize: 16, seed: 42, epoch: 0))
    let nextEpoch = Array(try data.batches(batchSize: 16, seed: 42, epoch: 1))
    let otherSeed = Array(try data.batches(batchSize: 16, seed: 7, epoch: 0))
    #expect(first == again)
    #expect(first != nextEpoch)
    #expect(first != otherSeed)
    let targets = first.flatMap(\.targets)
    #expect(targets.sorted() == (3..<203).map { TokenID($0) })
    #expect(targets != targets.sorted())
    #expect(first.map(\.batchSize) == Array(repeating: 16, count: 12) + [8])
    // Each row is still a true window: context t−3, t−2, t−1 for target t.
    for batch in first {
      for (row, target) in batch.targets.enumerated() {
        #expect(
          Array(batch.contexts[(row * 3)..<(row * 3 + 3)]) == [target - 3, target - 2, target - 1])
      }
    }
  }

  @Test func badParametersAreErrors() throws {
    #expect(throws: DataError.self) { try NPLMDataset(tokens: [1, 2, 3], contextSize: 0) }
    #expect(throws: DataError.self) { try NPLMDataset(tokens: [1, 2, 3], contextSize: 3) }
    #expect(throws: DataError.self) {
      try NPLMDataset(
        tokens: [1, 2, 3], contextSize: Int.max, boundary: .sentenceStart, endOfSequenceID: 1)
    }
    #expect(throws: DataError.self) {
      try NPLMDataset(tokens: [1, 2, 3], contextSize: 1, boundary: .sentenceStart)
    }
    let data = try NPLMDataset(tokens: [1, 2, 3], contextSize: 1)
    #expect(throws: DataError.self) { try data.batches(batchSize: 0) }
    #expect(data.batchCount(batchSize: 0) == 0)
    // A batch larger than the data is one batch, not an overflow.
    #expect(Array(try data.batches(batchSize: Int.max)).map(\.batchSize) == [2])
    #expect(data.batchCount(batchSize: Int.max) == 1)
  }
}
