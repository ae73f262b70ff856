// Training examples for Bengio's neural probabilistic language model.
//
// Shape key: T stream length, n = N − 1 context size, B batch size.
//
// The model reads the n previous words and predicts the next:
//
//   P(w_t | w_{t−n}, …, w_{t−1})
//
// so every position t of the token stream with n tokens before it is one
// example: context = stream[t−n ..< t], target = stream[t]. The examples are
// never copied out: an example is an index into the stream, and a minibatch
// gathers its B contexts into one B × n array when it is asked for.

/// How contexts treat `<eos>`.
public enum ContextBoundary: String, Sendable, Hashable, CaseIterable {
  /// The stream is one long text: contexts run across `<eos>` ("mat . <eos>"
  /// predicts the next sentence's first word): the corpus is read as one
  /// stream, the usual choice for running text.
  /// Examples: t = n ..< T, so T − n of them.
  case continuous
  /// Every sentence starts afresh: context positions before the sentence's
  /// start read `<eos>` ("<eos> <eos> <eos>" predicts a first word, "<eos>
  /// <eos> the" the second). Every token is a target: T examples.
  case sentenceStart
}

/// Sliding windows of n context ids → next id, served as shuffled minibatches.
public struct NPLMDataset: Sendable {
  /// The token stream.
  public let tokens: [TokenID]
  /// n = N − 1, the number of context words.
  public let contextSize: Int
  /// How contexts treat `<eos>`.
  public let boundary: ContextBoundary
  /// The `<eos>` id (used by `.sentenceStart`).
  public let endOfSequenceID: TokenID?

  /// - Parameters:
  ///   - tokens: the token stream, `<eos>` included.
  ///   - contextSize: n = N − 1, at least 1.
  ///   - boundary: how contexts treat `<eos>`.
  ///   - endOfSequenceID: the `<eos>` id; required for `.sentenceStart`.
  /// - Throws: `DataError.invalidParameter` or `.notEnoughData` (no example fits).
  public init(
    tokens: [TokenID], contextSize: Int, boundary: ContextBoundary = .continuous,
    endOfSequenceID: TokenID? = nil
  ) throws(DataError) {
    guard contextSize >= 1 else {
      throw .invalidParameter(
        name: "context", value: "\(contextSize)", requirement: "at least 1 word")
    }
    if boundary == .sentenceStart && endOfSequenceID == nil {
      throw .invalidParameter(
        name: "boundary", value: "sentenceStart",
        requirement: "continuous when the vocabulary has no <eos>")
    }
    // A context longer than the stream would be all padding: no use, and a
    // huge contextSize must not turn into a huge allocation.
    let available = boundary == .continuous ? tokens.count - contextSize : tokens.count
    guard available >= 1 && contextSize <= tokens.count else {
      throw .notEnoughData(
        "The text has \(tokens.count) tokens; a context of \(contextSize) words needs more "
          + "than \(contextSize) to make one example. Use a longer text or a shorter context.")
    }
    self.tokens = tokens
    self.contextSize = contextSize
    self.boundary = boundary
    self.endOfSequenceID = endOfSequenceID
  }

  /// The number of examples.
  public var count: Int {
    boundary == .continuous ? tokens.count - contextSize : tokens.count
  }

  /// Example `index`: its n context ids (oldest first) and its target id,
  /// or nil when `index` is outside `0..<count`.
  public func example(at index: Int) -> (context: [TokenID], target: TokenID)? {
    guard index >= 0 && index < count else { return nil }
    var context = [TokenID](repeating: 0, count: contextSize)
    let target = gather(example: index, into: &context, at: 0)
    return (context, target)
  }

  /// Writes example `index`'s context into `buffer[offset ..< offset + n]`; returns its target.
  private func gather(example index: Int, into buffer: inout [TokenID], at offset: Int) -> TokenID {
    let n = contextSize
    switch boundary {
    case .continuous:
      // Example k predicts stream[k + n] from stream[k ..< k + n].
      for c in 0..<n { buffer[offset + c] = tokens[index + c] }
      return tokens[index + n]
    case .sentenceStart:
      // Example t predicts stream[t]; walk back from t − 1 and stop at the
      // previous sentence's <eos>, padding the rest of the context with <eos>.
      let eos = endOfSequenceID ?? 0
      var inSentence = true
      for c in stride(from: n - 1, through: 0, by: -1) {
        let p = index - (n - c)
        if inSentence && p >= 0 && tokens[p] != eos {
          buffer[offset + c] = tokens[p]
        } else {
          inSentence = false
          buffer[offset + c] = eos
        }
      }
      return tokens[index]
    }
  }

  /// The number of minibatches of `batchSize` per epoch (0 when `batchSize < 1`).
  public func batchCount(batchSize: Int, dropLast: Bool = false) -> Int {
    guard batchSize >= 1 else { return 0 }
    return count / batchSize + (dropLast || count % batchSize == 0 ? 0 : 1)
  }

  /// One epoch of minibatches.
  ///
  /// With `shuffle`, the examples come in a random order fixed by `seed` and
  /// `epoch` (same arguments, same batches, on every machine); without, in
  /// stream order. The last batch is smaller when `count` is not a multiple
  /// of `batchSize`, unless `dropLast` leaves it out.
  ///
  /// - Throws: `DataError.invalidParameter` when `batchSize < 1`.
  public func batches(
    batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0, epoch: Int = 0,
    dropLast: Bool = false
  ) throws(DataError) -> NPLMBatches {
    guard batchSize >= 1 else {
      throw .invalidParameter(name: "batch", value: "\(batchSize)", requirement: "at least 1")
    }
    var order: [Int]? = nil
    if shuffle {
      var indices = Array(0..<count)
      var generator = SeededGenerator(seed: seed, stream: UInt64(bitPattern: Int64(epoch)))
      generator.shuffle(&indices)
      order = indices
    }
    return NPLMBatches(dataset: self, order: order, batchSize: batchSize, dropLast: dropLast)
  }

  /// The minibatch made of the examples `indices` (each in `0..<count`; others are skipped).
  public func batch(of indices: some Collection<Int>) -> NPLMBatch {
    let valid = indices.filter { $0 >= 0 && $0 < count }
    var contexts = [TokenID](repeating: 0, count: valid.count * contextSize)
    var targets = [TokenID](repeating: 0, count: valid.count)
    for (row, index) in valid.enumerated() {
      targets[row] = gather(example: index, into: &contexts, at: row * contextSize)
    }
    return NPLMBatch(contexts: contexts, targets: targets, contextSize: contextSize)
  }
}

/// B examples: contexts `[B × n]` row-major and targets `[B]`.
public struct NPLMBatch: Sendable, Equatable {
  /// Row b, `contexts[b·n ..< (b+1)·n]`, is example b's context, oldest word first.
  public let contexts: [TokenID]
  /// `targets[b]` is the word example b should predict.
  public let targets: [TokenID]
  /// n, the number of context words per row.
  public let contextSize: Int

  /// B, the number of examples.
  public var batchSize: Int { targets.count }
}

/// One epoch of `NPLMBatch`es; made by `NPLMDataset.batches`.
public struct NPLMBatches: Sequence, IteratorProtocol, Sendable {
  let dataset: NPLMDataset
  let order: [Int]?
  let batchSize: Int
  let dropLast: Bool
  private var position = 0

  init(dataset: NPLMDataset, order: [Int]?, batchSize: Int, dropLast: Bool) {
    self.dataset = dataset
    self.order = order
    self.batchSize = batchSize
    self.dropLast = dropLast
  }

  /// The number of batches in the epoch.
  public var count: Int { dataset.batchCount(batchSize: batchSize, dropLast: dropLast) }

  public mutating func next() -> NPLMBatch? {
    let total = dataset.count
    // Written so that a huge batchSize cannot overflow.
    let end = batchSize >= total - position ? total : position + batchSize
    guard position < end, !(dropLast && end - position < batchSize) else { return nil }
    defer { position = end }
    if let order {
      return dataset.batch(of: order[position..<end])
    }
    return dataset.batch(of: position..<end)
  }
}
