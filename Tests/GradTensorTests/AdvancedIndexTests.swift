import Testing

@testable import GradTensor

/// Integer-array indexing with PyTorch's (NumPy's) rules: which elements a pick reads, the
/// shape it has, what assignment writes, and a gradient that scatter-adds into the picked
/// positions (an element picked twice gets both gradients).
@Suite struct AdvancedIndexTests {
  /// x = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
  private func grid() throws -> Tensor { try Tensor.arange(0, 12, dtype: .float64).view([3, 4]) }

  @Test func aListOrTensorPicksRows() throws {
    let x = try grid()
    let rows = try x.index(advanced: [.tensor(Tensor([2, 0], shape: [2]))])
    #expect(rows.shape == [2, 4])
    #expect(rows.toDoubleArray() == [8, 9, 10, 11, 0, 1, 2, 3])
    let last = try x.index(advanced: [.tensor(Tensor([-1], shape: [1]))])
    #expect(last.toDoubleArray() == [8, 9, 10, 11])
  }

  @Test func twoIndexTensorsPickOneElementEach() throws {
    // out[k] = x[rows[k], cols[k]]: the classic logits[arange(n), target]
    let x = try grid()
    let picked = try x.index(advanced: [
      .tensor(Tensor([0, 1, 2], shape: [3])), .tensor(Tensor([3, 2, 1], shape: [3])),
    ])
    #expect(picked.shape == [3])
    #expect(picked.toDoubleArray() == [3, 6, 9])
  }

  @Test func anIndexAfterASliceReplacesThatDimension() throws {
    let x = try grid()
    let columns = try x.index(advanced: [.basic(.all), .tensor(Tensor([1, 3], shape: [2]))])
    #expect(columns.shape == [3, 2])
    #expect(columns.toDoubleArray() == [1, 3, 5, 7, 9, 11])
    let partial = try x.index(advanced: [
      .basic(.range(1, nil)), .tensor(Tensor([0, -1], shape: [2])),
    ])
    #expect(partial.toDoubleArray() == [4, 7, 8, 11])
  }

  @Test func indexTensorsSeparatedBySlicesGoFirst() throws {
    // x (2, 3, 4); x[[0, 1], :, [1, 2]] has the index shape (2) first, then the slice (3).
    let x = try Tensor.arange(0, 24, dtype: .float64).view([2, 3, 4])
    let out = try x.index(advanced: [
      .tensor(Tensor([0, 1], shape: [2])), .basic(.all), .tensor(Tensor([1, 2], shape: [2])),
    ])
    #expect(out.shape == [2, 3])
    #expect(out.toDoubleArray() == [1, 5, 9, 14, 18, 22])
    // An int removes its dimension first, so the two index tensors are neighbours.
    let selected = try x.index(advanced: [
      .tensor(Tensor([0, 1], shape: [2])), .basic(.at(1)), .tensor(Tensor([1, 2], shape: [2])),
    ])
    #expect(selected.toDoubleArray() == [5, 18])
  }

  @Test func aMatrixOfIndicesGivesItsShape() throws {
    let x = try grid()
    let out = try x.index(advanced: [.tensor(Tensor([0, 1, 2, 2], shape: [2, 2]))])
    #expect(out.shape == [2, 2, 4])
  }

  @Test func assignmentWritesThePickedElements() throws {
    let z = try Tensor.zeros([3, 4], dtype: .float64)
    try z.indexPut_([.tensor(Tensor([0, 2], shape: [2]))], Tensor([1.0], shape: []))
    try z.indexPut_(
      [.tensor(Tensor([1, 1], shape: [2])), .tensor(Tensor([0, 3], shape: [2]))],
      Tensor([8.0, 9.0], shape: [2], dtype: .float64))
    #expect(z.toDoubleArray() == [1, 1, 1, 1, 8, 0, 0, 9, 1, 1, 1, 1])
    let counts = try Tensor.zeros([3], dtype: .float64)
    try counts.indexPut_(
      [.tensor(Tensor([0, 0, 2], shape: [3]))], Tensor([1.0], shape: []), accumulate: true)
    #expect(counts.toDoubleArray() == [2, 0, 1])
  }

  @Test func gradientScatterAddsIntoThePickedPositions() throws {
    let w = try Tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [2, 3], dtype: .float64)
      .requiresGrad_()
    let y = try w.index(advanced: [
      .tensor(Tensor([0, 0, 1], shape: [3])), .tensor(Tensor([2, 2, 0], shape: [3])),
    ])
    #expect(y.gradFnName == "IndexBackward0")
    try (y * Tensor([1.0, 2.0, 3.0], shape: [3], dtype: .float64)).sum().backward()
    // w[0, 2] was picked twice: 1 + 2.
    #expect(w.grad?.toDoubleArray() == [0, 0, 3, 3, 0, 0])
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let x = try sample([3, 4])
    let picks: [[AdvancedIndex]] = [
      [.tensor(try Tensor([2, 0, 2], shape: [3]))],
      [.basic(.all), .tensor(try Tensor([1, 1, 3], shape: [3]))],
      [.tensor(try Tensor([0, 1, 2], shape: [3])), .tensor(try Tensor([3, 0, 3], shape: [3]))],
    ]
    for pick in picks {
      let result = try gradcheck({ try $0[0].index(advanced: pick) }, inputs: [x])
      #expect(result.passed, "\(result)")
    }
  }

  @Test func badIndicesSayWhatIsWrong() throws {
    let x = try grid()
    #expect(
      errorMessage { try x.index(advanced: [.tensor(Tensor([0, 3], shape: [2]))]) }
        == "index 3 is out of bounds for dimension 0 with size 3")
    #expect(
      errorMessage {
        try x.index(advanced: [
          .tensor(Tensor([0, 1], shape: [2])), .tensor(Tensor([0, 1, 2], shape: [3])),
        ])
      }
        == "shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]"
    )
    #expect(
      errorMessage { try x.index(advanced: [.tensor(Tensor([0.0], shape: [1]))]) }?.contains(
        "must be long") == true)
  }
}
