import Testing

@testable import GradTensor

@Suite struct JoinTests {
  @Test func catStackSplitChunk() throws {
    let a = try Tensor([[1.0, 2.0]])
    let b = try Tensor([[3.0, 4.0]])
    #expect(try Tensor.cat([a, b]).toDoubleArray() == [1, 2, 3, 4])
    #expect(try Tensor.cat([a, b], dim: 1).shape == [1, 4])
    #expect(try Tensor.stack([a, b], dim: 1).shape == [1, 2, 2])
    let parts = try Tensor.arange(5).split(2)
    #expect(parts.map(\.count) == [2, 2, 1])
    #expect(try Tensor.arange(6).chunk(3).map { $0.toInt64Array() } == [[0, 1], [2, 3], [4, 5]])
    #expect(
      errorMessage { try Tensor.cat([a, Tensor.zeros([1, 3])]) }?.contains("must match") == true)
  }
}
