import Testing

@testable import GradTensor

@Suite struct GatherTests {
  @Test func gatherIndexSelectEmbeddingOneHot() throws {
    let w = try Tensor([[0.0, 1.0], [10.0, 11.0], [20.0, 21.0]])
    let idx = try Tensor([2, 0, 2])
    #expect(try w.indexSelect(dim: 0, index: idx).toDoubleArray() == [20, 21, 0, 1, 20, 21])
    #expect(try embedding(Tensor([[1, 2]]), w).shape == [1, 2, 2])
    #expect(try w.gather(dim: 1, index: Tensor([[1], [0], [1]])).toDoubleArray() == [1, 10, 21])
    #expect(try oneHot(Tensor([0, 2]), numClasses: 3).toInt64Array() == [1, 0, 0, 0, 0, 1])
    let bad = errorMessage { try w.indexSelect(dim: 0, index: Tensor([3])) }
    #expect(bad?.contains("out of range") == true)
    #expect(
      errorMessage { try w.indexSelect(dim: 0, index: Tensor([1.0])) }?.contains("int64") == true)
  }
}
