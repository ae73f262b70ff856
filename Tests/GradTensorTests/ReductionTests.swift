import Testing

@testable import GradTensor

@Suite struct ReductionTests {
  let x: Tensor

  init() throws {
    x = try Tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
  }

  @Test func sumAndMeanAlongDimensions() throws {
    #expect(try x.sum().item() == 21)
    #expect(try x.sum(dim: 0).toDoubleArray() == [5, 7, 9])
    #expect(try x.sum(dim: 1, keepdim: true).shape == [2, 1])
    #expect(try x.mean(dim: -1).toDoubleArray() == [3, 4])
    #expect(try x.T.sum(dim: 0).toDoubleArray() == [9, 12])
    #expect(try Tensor([1, 2, 3]).sum().dtype == .int64)
    #expect(errorMessage { try Tensor([1, 2]).mean() }?.contains("floating point") == true)
    #expect(errorMessage { try x.sum(dims: [0, 0]) }?.contains("multiple times") == true)
  }

  @Test func maxMinArgmax() throws {
    let (values, indices) = try x.max(dim: 1)
    #expect(values.toDoubleArray() == [5, 6])
    #expect(indices.toInt64Array() == [1, 2])
    #expect(try x.min(dim: 0).values.toDoubleArray() == [1, 2, 3])
    #expect(try x.argmax().toInt64Array() == [5])
    #expect(try x.argmax(dim: 0).toInt64Array() == [1, 0, 1])
    #expect(try x.max().item() == 6)
    #expect(try x.min().item() == 1)
    #expect(errorMessage { try Tensor.zeros([0]).max() }?.contains("non-empty") == true)
  }

  @Test func normIsEuclidean() throws {
    #expect(try Tensor([3.0, 4.0]).norm().item() == 5)
    #expect(try Tensor([[3.0, 4.0], [6.0, 8.0]]).norm(dims: [1]).toDoubleArray() == [5, 10])
  }

  @Test func maxGradientGoesToTheWinner() throws {
    let t = try Tensor([1.0, 7.0, 3.0], requiresGrad: true)
    try t.max(dim: 0).values.backward()
    #expect(t.grad?.toDoubleArray() == [0, 1, 0])
  }
}
