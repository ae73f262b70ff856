import Testing

@testable import GradTensor

/// sort, topk, median and elementwise maximum/minimum: values, positions, and gradients that
/// reach exactly the picked elements (checked against central finite differences in float64).
@Suite struct SortTests {
  func check(
    _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
    _ f: @escaping ([Tensor]) throws -> Tensor
  ) throws {
    try expectGradientsMatchFiniteDifferences(inputs, sourceLocation: sourceLocation, f)
  }

  /// Distinct values (no ties), so every ordering is locally constant.
  func distinct() throws -> Tensor {
    try Tensor([0.3, -1.2, 2.5, 0.9, 1.7, -0.4], shape: [2, 3], dtype: .float64)
      .requiresGrad_()
  }

  @Test func sortOrdersEachRowAndRemembersPositions() throws {
    let (values, indices) = try distinct().sort(dim: 1, descending: true)
    #expect(values.toDoubleArray() == [2.5, 0.3, -1.2, 1.7, 0.9, -0.4])
    #expect(indices.toInt64Array() == [2, 0, 1, 1, 0, 2])
    #expect(values.gradFnName == "SortBackward0")
  }

  @Test func nanSortsLast() throws {
    let x = try Tensor([1.0, .nan, -1.0], shape: [3])
    #expect(try x.sort().indices.toInt64Array() == [2, 0, 1])
    #expect(try x.sort(descending: true).indices.toInt64Array() == [1, 0, 2])
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let x = try distinct()
    try check([x]) { try $0[0].sort(dim: 1).values }
    try check([x]) { try $0[0].sort(dim: 0, descending: true).values }
    try check([x]) { try $0[0].topk(2, dim: 1).values }
    try check([x]) { try $0[0].topk(1, dim: 0, largest: false).values }
    try check([x]) { try $0[0].median(dim: 1).values }
    try check([x]) { try $0[0].median(dim: 0, keepdim: true).values }
    try check([x]) { try $0[0].median() }
    let y = try Tensor([0.1, 2.0, -3.0], shape: [3], dtype: .float64).requiresGrad_()
    try check([x, y]) { try Tensor.maximum($0[0], $0[1]) }
    try check([x, y]) { try Tensor.minimum($0[0], $0[1]) }
  }

  @Test func tiesShareTheGradient() throws {
    let a = try Tensor([1.0, 2.0], shape: [2], dtype: .float64).requiresGrad_()
    let b = try Tensor([2.0, 2.0], shape: [2], dtype: .float64).requiresGrad_()
    try Tensor.maximum(a, b).sum().backward()
    #expect(a.grad?.toDoubleArray() == [0, 0.5])
    #expect(b.grad?.toDoubleArray() == [1, 0.5])
  }

  @Test func topkRefusesAKLargerThanTheDimension() throws {
    #expect(throws: TensorError.self) { try distinct().topk(4, dim: 1) }
  }

  @Test func gatherReadsAnIndexViewFromItsOffset() throws {
    let x = try Tensor([1.0, 5, 2, 3, 0, 4], shape: [6])
    let index = try Tensor([4, 0, 2, 3, 5, 1], shape: [6]).narrow(dim: 0, start: 2, length: 1)
    #expect(try x.gather(dim: 0, index: index).toDoubleArray() == [2])
  }
}

/// Singular values by Jacobi rotations of AᵀA, and their gradient u vᵀ.
@Suite struct SingularValueTests {
  @Test func valuesOfADiagonalMatrixAreItsAbsoluteEntriesInOrder() throws {
    let a = try Tensor([2.0, 0, 0, 0, -5.0, 0], shape: [2, 3], dtype: .float64)
    #expect(try a.singularValues().toDoubleArray() == [5, 2])
  }

  @Test func gradientMatchesFiniteDifferences() throws {
    let a = try Tensor([3.0, 1.0, -2.0, 0.5, 4.0, 1.0], shape: [2, 3], dtype: .float64)
      .requiresGrad_()
    let result = try gradcheck({ try $0[0].singularValues() }, inputs: [a])
    #expect(result.passed, "\(result)")
    #expect(result.maxAbsoluteError.allSatisfy { $0 < 1e-8 })
  }
}
