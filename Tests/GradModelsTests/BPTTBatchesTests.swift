import Testing

@testable import GradModels

@Suite struct BPTTBatchesTests {
  // The stream 0 1 … 25 with B = 4: S = 6 rows, tokens 24 and 25 dropped.
  let batches = try! BPTTBatches(tokens: (0..<26).map { TokenID($0) }, batchSize: 4)

  @Test func batchifyLaysSlicesOutAsColumns() {
    #expect(batches.stepCount == 6)
    #expect(batches.droppedTokenCount == 2)
    // Same grid as PyTorch's batchify(torch.arange(26), 4).
    #expect(
      batches.data == [
        0, 6, 12, 18,
        1, 7, 13, 19,
        2, 8, 14, 20,
        3, 9, 15, 21,
        4, 10, 16, 22,
        5, 11, 17, 23,
      ])
    #expect(batches.token(row: 5, column: 3) == 23)
    #expect(batches.token(row: 6, column: 0) == nil)
    #expect(batches.token(row: 0, column: 4) == nil)
  }

  @Test func getBatchWithTheLastChunkShorter() throws {
    // PyTorch: for i in range(0, 5, 4): get_batch(source, i) with bptt = 4.
    #expect(batches.chunkCount(bptt: 4) == 2)
    let chunks = Array(try batches.chunks(bptt: 4))
    #expect(chunks.count == 2)
    #expect(chunks[0].length == 4 && chunks[0].startRow == 0 && chunks[0].batchSize == 4)
    #expect(chunks[0].input == [0, 6, 12, 18, 1, 7, 13, 19, 2, 8, 14, 20, 3, 9, 15, 21])
    #expect(chunks[0].target == [1, 7, 13, 19, 2, 8, 14, 20, 3, 9, 15, 21, 4, 10, 16, 22])
    #expect(
      chunks[1]
        == BPTTChunk(
          input: [4, 10, 16, 22], target: [5, 11, 17, 23], length: 1, batchSize: 4, startRow: 4))
  }

  @Test func chunksOfTwo() throws {
    #expect(batches.chunkCount(bptt: 2) == 3)
    let chunks = Array(try batches.chunks(bptt: 2))
    #expect(chunks.map(\.startRow) == [0, 2, 4])
    #expect(chunks.map(\.length) == [2, 2, 1])
    #expect(batches.chunk(startingAt: 3, bptt: 2)?.input == [3, 9, 15, 21, 4, 10, 16, 22])
    #expect(batches.chunk(startingAt: 5, bptt: 2) == nil)  // the last row has no target
    #expect(batches.chunk(index: 3, bptt: 2) == nil)
    #expect(batches.chunkCount(bptt: 5) == 1)
    #expect(batches.chunkCount(bptt: 100) == 1)
  }

  @Test func everyColumnReadsItsSliceInOrder() throws {
    let stream = (0..<1_000).map { TokenID($0 * 7 % 101) }
    let grid = try BPTTBatches(tokens: stream, batchSize: 7)
    var columns = Array(repeating: [TokenID](), count: 7)
    for chunk in try grid.chunks(bptt: 35) {
      for t in 0..<chunk.length {
        for j in 0..<7 {
          columns[j].append(chunk.input[t * 7 + j])
          // The target is the next token of the same column.
          #expect(chunk.target[t * 7 + j] == grid.token(row: chunk.startRow + t + 1, column: j))
        }
      }
    }
    let s = grid.stepCount
    for j in 0..<7 { #expect(columns[j] == Array(stream[(j * s)..<(j * s + s - 1)])) }
  }

  @Test func badParametersAreErrors() {
    #expect(throws: DataError.self) { try BPTTBatches(tokens: [1, 2, 3], batchSize: 0) }
    #expect(throws: DataError.self) { try BPTTBatches(tokens: [1, 2, 3], batchSize: 2) }
    #expect(throws: DataError.self) { try BPTTBatches(tokens: [1, 2, 3], batchSize: Int.max) }
    #expect(throws: DataError.self) { try batches.chunks(bptt: 0) }
    #expect(batches.chunkCount(bptt: 0) == 0)
    #expect(batches.chunk(startingAt: -1, bptt: 2) == nil)
  }
}
