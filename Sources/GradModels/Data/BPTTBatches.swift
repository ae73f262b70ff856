// Minibatches for recurrent language models trained with truncated
// backpropagation through time, laid out exactly as PyTorch's
// examples/word_language_model does (`batchify` and `get_batch`).
//
// Shape key: L stream length, B batch size (columns), S = ⌊L / B⌋ steps
// (rows), T ≤ bptt chunk length.
//
// batchify cuts the stream into B contiguous slices of S tokens, drops the
// L − S·B tokens left over at the end, and stands the slices side by side as
// columns:
//
//   data[i][j] = stream[j·S + i]        i < S (time), j < B (which slice)
//
// so each column is a text read in order, and row i holds step i of all B.
// Stream 0 1 2 … 25 with B = 4 gives S = 6 (tokens 24 and 25 are dropped):
//
//   i\j  0   1   2   3
//   0    0   6  12  18
//   1    1   7  13  19
//   2    2   8  14  20
//   3    3   9  15  21
//   4    4  10  16  22
//   5    5  11  17  23
//
// get_batch(i, bptt) takes rows i ..< i+T as the input and the same rows
// shifted down by one, i+1 ..< i+1+T, as the target (the next token of each
// column), with T = min(bptt, S − 1 − i). An epoch visits i = 0, bptt,
// 2·bptt, … < S − 1: ⌈(S − 1) / bptt⌉ chunks, the last one shorter when bptt
// does not divide S − 1. With bptt = 2 above: rows {0,1}→{1,2}, {2,3}→{3,4},
// {4}→{5}. The hidden state is carried from one chunk to the next (and
// detached), which is why the columns must be contiguous text.

/// A token stream batchified into B columns for truncated BPTT.
public struct BPTTBatches: Sendable {
  /// `data[i·B + j]` = stream[j·S + i]: S rows (time steps) × B columns, row-major.
  public let data: [TokenID]
  /// B, the number of columns (independent text slices).
  public let batchSize: Int
  /// S = ⌊L / B⌋, the number of rows (time steps per column).
  public let stepCount: Int
  /// L − S·B, the tokens dropped from the end of the stream.
  public let droppedTokenCount: Int

  /// PyTorch's `batchify(stream, batchSize)`.
  ///
  /// - Throws: `DataError.invalidParameter` when `batchSize < 1`,
  ///   `.notEnoughData` when the stream has fewer than 2·B tokens (each
  ///   column needs an input and a target).
  public init(tokens: [TokenID], batchSize: Int) throws(DataError) {
    guard batchSize >= 1 else {
      throw .invalidParameter(name: "batch", value: "\(batchSize)", requirement: "at least 1")
    }
    let steps = tokens.count / batchSize
    guard steps >= 2 else {
      throw .notEnoughData(
        "The text has \(tokens.count) tokens; a batch of \(batchSize) columns needs at least "
          + "\(batchSize > Int.max / 2 ? Int.max : 2 * batchSize) (two per column).")
    }
    var data = [TokenID](repeating: 0, count: steps * batchSize)
    for j in 0..<batchSize {
      let slice = j * steps
      for i in 0..<steps { data[i * batchSize + j] = tokens[slice + i] }
    }
    self.data = data
    self.batchSize = batchSize
    self.stepCount = steps
    self.droppedTokenCount = tokens.count - steps * batchSize
  }

  /// The token at time step `row` of column `column`, or nil outside the grid.
  public func token(row: Int, column: Int) -> TokenID? {
    guard row >= 0 && row < stepCount && column >= 0 && column < batchSize else { return nil }
    return data[row * batchSize + column]
  }

  /// ⌈(S − 1) / bptt⌉, the number of chunks per epoch (0 when `bptt < 1`).
  public func chunkCount(bptt: Int) -> Int {
    guard bptt >= 1 else { return 0 }
    let rows = stepCount - 1
    return rows / bptt + (rows % bptt == 0 ? 0 : 1)
  }

  /// PyTorch's `get_batch(source, row, bptt)`: the chunk whose input starts at `row`.
  ///
  /// Returns nil when `row` is outside `0 ..< S − 1` or `bptt < 1`.
  public func chunk(startingAt row: Int, bptt: Int) -> BPTTChunk? {
    guard bptt >= 1 && row >= 0 && row < stepCount - 1 else { return nil }
    let length = Swift.min(bptt, stepCount - 1 - row)
    let b = batchSize
    // Rows are contiguous in `data`, so input and target are two slices.
    let input = Array(data[(row * b)..<((row + length) * b)])
    let target = Array(data[((row + 1) * b)..<((row + 1 + length) * b)])
    return BPTTChunk(input: input, target: target, length: length, batchSize: b, startRow: row)
  }

  /// The `index`-th chunk of an epoch (it starts at row `index · bptt`), or nil past the end.
  public func chunk(index: Int, bptt: Int) -> BPTTChunk? {
    guard index >= 0 && index < chunkCount(bptt: bptt) else { return nil }
    return chunk(startingAt: index * bptt, bptt: bptt)
  }

  /// All chunks of one epoch, in order, each made when it is reached.
  ///
  /// - Throws: `DataError.invalidParameter` when `bptt < 1`.
  public func chunks(bptt: Int) throws(DataError) -> BPTTChunks {
    guard bptt >= 1 else {
      throw .invalidParameter(name: "bptt", value: "\(bptt)", requirement: "at least 1")
    }
    return BPTTChunks(batches: self, bptt: bptt)
  }
}

/// One epoch of `BPTTChunk`s; made by `BPTTBatches.chunks(bptt:)`.
public struct BPTTChunks: Sequence, IteratorProtocol, Sendable {
  let batches: BPTTBatches
  /// The chunk length asked for (the last chunk may be shorter).
  public let bptt: Int
  private var index = 0

  init(batches: BPTTBatches, bptt: Int) {
    self.batches = batches
    self.bptt = bptt
  }

  /// The number of chunks in the epoch.
  public var count: Int { batches.chunkCount(bptt: bptt) }

  public mutating func next() -> BPTTChunk? {
    defer { index += 1 }
    return batches.chunk(index: index, bptt: bptt)
  }
}

/// One truncated-BPTT chunk: input and target, each `[T × B]` row-major.
public struct BPTTChunk: Sendable, Equatable {
  /// `input[t·B + j]`: the token column j reads at step t.
  public let input: [TokenID]
  /// `target[t·B + j]`: the token column j should predict at step t (the next one).
  /// Flattened, it is PyTorch's `target.view(-1)`.
  public let target: [TokenID]
  /// T, the number of time steps (≤ bptt).
  public let length: Int
  /// B, the number of columns.
  public let batchSize: Int
  /// The row of the batchified stream where the input starts.
  public let startRow: Int
}
