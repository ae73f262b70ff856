import Testing

@testable import GradTensor

/// Every differentiable primitive against central finite differences in float64.
@Suite struct GradCheckTests {
  func check(
    _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
    _ f: @escaping ([Tensor]) throws -> Tensor
  ) throws {
    try expectGradientsMatchFiniteDifferences(
      inputs, tolerance: 1e-5, sourceLocation: sourceLocation, f)
  }

  @Test func arithmeticWithBroadcasting() throws {
    let a = try sample([2, 3])
    let b = try sample([3], seed: 2, offset: 2)
    try check([a, b]) { try $0[0] + $0[1] }
    try check([a, b]) { try $0[0] - $0[1] }
    try check([a, b]) { try $0[0] * $0[1] }
    try check([a, b]) { try $0[0] / $0[1] }
    try check([b, a]) { try $0[1] / $0[0].unsqueeze(0) }
    try check([a]) { try -$0[0] * 3 + 1 }
  }

  @Test func unaryFunctions() throws {
    let x = try sample([2, 3])
    let positive = try sample([2, 3], seed: 3, offset: 2)
    try check([x]) { try $0[0].exp() }
    try check([positive]) { try $0[0].log() }
    try check([x]) { try $0[0].tanh() }
    try check([x]) { try $0[0].sigmoid() }
    try check([x]) { try $0[0].relu() }
    try check([positive]) { try $0[0].sqrt() }
    try check([positive]) { try $0[0].pow(1.5) }
    try check([x]) { try $0[0].pow(3) }
    try check([x]) { try $0[0].abs() }
    try check([x]) { try $0[0].clamp(min: -0.3, max: 0.4) }
  }

  @Test func matmulAllCases() throws {
    let a = try sample([3, 4])
    let b = try sample([4, 2], seed: 9)
    let v = try sample([4], seed: 5)
    try check([a, b]) { try $0[0].matmul($0[1]) }
    try check([a, v]) { try $0[0].matmul($0[1]) }
    try check([v, b]) { try $0[0].matmul($0[1]) }
    try check([v, v]) { try $0[0].matmul($0[1]) }
    let batched = try sample([2, 3, 4], seed: 11)
    try check([batched, b]) { try $0[0].matmul($0[1]) }
    try check([a, b]) { try $0[1].T.matmul($0[0].T) }
    let weight = try sample([2, 4], seed: 13)
    try check([batched, weight]) { try $0[0].matmul($0[1].T) }
    try check([batched, b]) { try $0[0].matmul($0[1]).sum(dim: 0) }
  }

  @Test func reductions() throws {
    let x = try sample([2, 3, 4])
    try check([x]) { try $0[0].sum() }
    try check([x]) { try $0[0].sum(dims: [0, 2], keepdim: true) }
    try check([x]) { try $0[0].mean(dim: 1) }
    try check([x]) { try $0[0].max(dim: 2).values }
    try check([x]) { try $0[0].min(dim: 0, keepdim: true).values }
    try check([x]) { try $0[0].max() }
    try check([x]) { try $0[0].norm() }
  }

  @Test func softmaxFamilyAndCrossEntropy() throws {
    let x = try sample([3, 5])
    try check([x]) { try $0[0].softmax(dim: 1) }
    try check([x]) { try $0[0].softmax(dim: 0) }
    try check([x]) { try $0[0].logSoftmax(dim: -1) }
    let target = try Tensor([4, 0, 2])
    try check([x]) { try crossEntropy($0[0], target) }
    try check([x]) { try crossEntropy($0[0], target, reduction: .sum) }
    try check([x]) { try crossEntropy($0[0], target, reduction: .none) }
    try check([x]) { try crossEntropy($0[0], Tensor([4, -100, 2])) }
  }

  @Test func viewsExpandTransposeSlices() throws {
    let x = try sample([2, 3])
    try check([x]) { try $0[0].T * Tensor([1.0, 2.0], dtype: .float64) }
    try check([x]) { try $0[0].unsqueeze(0).expand([4, 2, 3]) * 2 }
    try check([x]) { try $0[0][.all, .range(nil, nil, step: 2)] }
    try check([x]) { try $0[0][-1] }
    try check([x]) { try $0[0].reshape([3, 2]).permute([1, 0]) }
    try check([x]) { try $0[0].T.reshape([6]) }
    try check([x]) { try $0[0].narrow(dim: 1, start: 1, length: 2).squeeze() }
  }

  @Test func indexingAndJoining() throws {
    let w = try sample([4, 3])
    try check([w]) { try embedding(Tensor([[1, 3], [1, 0]]), $0[0]) }
    try check([w]) { try $0[0].indexSelect(dim: 1, index: Tensor([2, 2, 0])) }
    try check([w]) { try $0[0].gather(dim: 1, index: Tensor([[0], [2], [1], [1]])) }
    let v = try sample([4, 2], seed: 4)
    try check([w, v]) { try Tensor.cat([$0[0], $0[1]], dim: 1) }
    try check([w]) { try Tensor.stack($0[0].chunk(2), dim: 0) }
    try check([w, v]) {
      try Tensor.where($0[0][.all, .range(0, 2)] .> 0, $0[0][.all, .range(1, 3)], $0[1])
    }
    try check([w]) { try $0[0].split(sizes: [1, 3])[1] * 2 }
  }

  @Test func floatTensorsAreRefused() throws {
    let message = errorMessage { try gradcheck({ $0[0] }, inputs: [Tensor([1.0])]) }
    #expect(message?.contains("float64") == true)
  }
}
