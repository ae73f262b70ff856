import Foundation
import Testing

@testable import GradTensor

@Suite struct SoftmaxTests {
  @Test func softmaxRowsSumToOneAndAreStable() throws {
    let x = try Tensor([[1000.0, 1001.0], [-5.0, -5.0]], dtype: .float64)
    let s = try x.softmax(dim: 1)
    let e = 1 / (1 + Foundation.exp(1.0))
    #expect(allClose(s.toDoubleArray(), [e, 1 - e, 0.5, 0.5]))
    let ls = try x.logSoftmax(dim: 1)
    #expect(allClose(try ls.exp().toDoubleArray(), s.toDoubleArray()))
  }

  /// float32 rows along the last dimension take a one-pass path, forward and backward: both
  /// must agree with the float64 result of the composed formula.
  @Test func float32LogSoftmaxRowsAgreeWithFloat64() throws {
    var values: [Double] = []
    for i in 0..<(7 * 45) { values.append(Foundation.sin(Double(i) * 0.7) * 4) }
    let weights = values.map { Foundation.cos($0 * 3) }
    let x64 = try Tensor(values, shape: [7, 45], dtype: .float64, requiresGrad: true)
    let x32 = try Tensor(values, shape: [7, 45], dtype: .float32, requiresGrad: true)
    let w64 = try Tensor(weights, shape: [7, 45], dtype: .float64)
    let w32 = try Tensor(weights, shape: [7, 45], dtype: .float32)
    let y64 = try x64.logSoftmax(dim: 1)
    let y32 = try x32.logSoftmax(dim: -1)
    #expect(allClose(try y32.toDoubleArray(), try y64.toDoubleArray(), tol: 1e-5))
    try (y64 * w64).sum().backward()
    try (y32 * w32).sum().backward()
    let g64 = try #require(x64.grad).toDoubleArray()
    let g32 = try #require(x32.grad).toDoubleArray()
    #expect(allClose(g32, g64, tol: 1e-5))
    // The rows' gradients sum to zero: softmax sums to one.
    #expect(Swift.abs(g32[0..<45].reduce(0, +)) < 1e-4)
  }

  @Test func crossEntropyMatchesHandComputedValue() throws {
    // Row 0: log(e¹ + e² + e³) − 3 = 0.40760596444438; row 1: log 3 = 1.09861228866811.
    let logits = try Tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], dtype: .float64)
    let loss = try crossEntropy(logits, Tensor([2, 0]))
    #expect(Swift.abs(try loss.item() - 0.7531091265562451) < 1e-12)
    let none = try crossEntropy(logits, Tensor([2, 0]), reduction: .none)
    #expect(allClose(none.toDoubleArray(), [0.4076059644443804, 1.0986122886681098], tol: 1e-12))
    let sum = try crossEntropy(logits, Tensor([2, 0]), reduction: .sum)
    #expect(Swift.abs(try sum.item() - 1.5062182531124902) < 1e-12)
  }

  @Test func ignoreIndexDropsRowsFromLossAndGradient() throws {
    let logits = try Tensor(
      [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], dtype: .float64, requiresGrad: true)
    let loss = try crossEntropy(logits, Tensor([2, -100]))
    #expect(Swift.abs(try loss.item() - 0.4076059644443804) < 1e-12)
    try loss.backward()
    let g = try #require(logits.grad).toDoubleArray()
    #expect(g[3...] == [0, 0, 0])
    #expect(Swift.abs(g[0] + g[1] + g[2]) < 1e-12)
    let padded = try crossEntropy(logits.detach(), Tensor([0, 1]), ignoreIndex: 0)
    #expect(Swift.abs(try padded.item() - 1.0986122886681098) < 1e-12)
  }

  @Test func crossEntropyGradientIsSoftmaxMinusOneHot() throws {
    let logits = try Tensor([[0.0, 0.0]], dtype: .float64, requiresGrad: true)
    try crossEntropy(logits, Tensor([1])).backward()
    #expect(allClose(try #require(logits.grad).toDoubleArray(), [0.5, -0.5]))
  }

  @Test func retainedGraphGivesTheSameGradientTwice() throws {
    let logits = try Tensor([[0.5, -1.0, 2.0], [0.0, 0.0, 3.0]], requiresGrad: true)
    let loss = try crossEntropy(logits, Tensor([1, 2]))
    try loss.backward(retainGraph: true)
    let first = try #require(logits.grad).toDoubleArray()
    try loss.backward()
    let second = try #require(logits.grad).toDoubleArray()
    #expect(allClose(second, first.map { $0 * 2 }, tol: 1e-6))
    #expect(errorMessage { try loss.backward() }?.contains("second time") == true)
  }

  @Test func forwardOnlyMatchesRecordedForward() throws {
    let logits = try Tensor([[0.5, -1.0, 2.0], [0.0, 0.0, 3.0]], requiresGrad: true)
    let recorded = try crossEntropy(logits, Tensor([1, 2])).item()
    let plain = try noGrad { try crossEntropy(logits, Tensor([1, 2])).item() }
    #expect(recorded == plain)
  }

  @Test func crossEntropyErrors() throws {
    let logits = try Tensor.zeros([2, 3])
    #expect(
      errorMessage { try crossEntropy(logits, Tensor([0, 3])) }?.contains("out of bounds") == true)
    #expect(
      errorMessage { try crossEntropy(logits, Tensor([0.0, 1.0])) }?.contains("int64") == true)
    #expect(errorMessage { try crossEntropy(logits, Tensor([0])) }?.contains("(2, 3)") == true)
  }
}
