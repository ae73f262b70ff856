import Testing

@testable import GradTensor

/// Expected values are worked by hand from the update rules (and agree with torch.optim).
@Suite struct OptimizerTests {
  @Test func sgdWithMomentumAndWeightDecay() throws {
    let p = try Tensor([1.0], dtype: .float64, requiresGrad: true)
    let sgd = try SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.1)
    // Step 1: d = 0.5 + 0.1·1 = 0.6, b = d, p = 1 − 0.1·0.6 = 0.94.
    p.grad = try Tensor([0.5], dtype: .float64)
    try sgd.step()
    #expect(Swift.abs(try p.item() - 0.94) < 1e-12)
    // Step 2: d = 0.5 + 0.1·0.94 = 0.594, b = 0.9·0.6 + 0.594 = 1.134, p = 0.94 − 0.1134.
    p.grad = try Tensor([0.5], dtype: .float64)
    try sgd.step()
    #expect(Swift.abs(try p.item() - 0.8266) < 1e-12)
  }

  @Test func plainSGDStep() throws {
    let p = try Tensor([1.0, 2.0], requiresGrad: true)
    let sgd = try SGD(parameters: [p], learningRate: 0.5)
    try (p * p).sum().backward()
    try sgd.step()
    #expect(p.toDoubleArray() == [0, 0])
    sgd.zeroGrad()
    #expect(p.grad == nil)
  }

  @Test func adamTwoSteps() throws {
    let p = try Tensor([1.0], dtype: .float64, requiresGrad: true)
    let adam = try Adam(parameters: [p], learningRate: 0.1)
    // Step 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25 → p = 1 − 0.1·0.5/(0.5 + 1e-8).
    p.grad = try Tensor([0.5], dtype: .float64)
    try adam.step()
    #expect(Swift.abs(try p.item() - 0.900000002) < 1e-12)
    // Step 2 (g = 0.25): m = 0.07, v = 0.00031225, corrections 0.19 and 0.001999.
    p.grad = try Tensor([0.25], dtype: .float64)
    try adam.step()
    #expect(Swift.abs(try p.item() - 0.8067820404774624) < 1e-12)
    #expect(adam.stepCount == 2)
  }

  @Test func adamFloat32MatchesFloat64() throws {
    let p32 = try Tensor([1.0, -2.0], requiresGrad: true)
    let p64 = try Tensor([1.0, -2.0], dtype: .float64, requiresGrad: true)
    let a = try Adam(parameters: [p32], learningRate: 0.01, weightDecay: 0.1)
    let b = try Adam(parameters: [p64], learningRate: 0.01, weightDecay: 0.1)
    for _ in 0..<3 {
      try (p32 * p32).sum().backward()
      try (p64 * p64).sum().backward()
      try a.step()
      try b.step()
      a.zeroGrad()
      b.zeroGrad()
    }
    #expect(allClose(p32.toDoubleArray(), p64.toDoubleArray(), tol: 1e-6))
  }

  @Test func clipGradNormReturnsTheNormBeforeClipping() throws {
    let w = try Tensor.zeros([2], requiresGrad: true)
    let v = try Tensor.zeros([1], requiresGrad: true)
    w.grad = try Tensor([3.0, 4.0])
    v.grad = try Tensor([12.0])
    // √(9 + 16 + 144) = 13; scale 6.5 / (13 + 1e-6) ≈ 0.5.
    let total = try clipGradNorm([w, v], maxNorm: 6.5)
    #expect(Swift.abs(total - 13) < 1e-9)
    #expect(allClose(try #require(w.grad).toDoubleArray(), [1.5, 2.0], tol: 1e-5))
    #expect(allClose(try #require(v.grad).toDoubleArray(), [6.0], tol: 1e-5))
    let untouched = try clipGradNorm([w, v], maxNorm: 100)
    #expect(Swift.abs(untouched - 6.5) < 1e-4)
    #expect(allClose(try #require(v.grad).toDoubleArray(), [6.0], tol: 1e-5))
  }

  @Test func invalidSettingsAreRefused() throws {
    let p = try Tensor.zeros([1], requiresGrad: true)
    #expect(errorMessage { try SGD(parameters: [p], learningRate: -1) } != nil)
    #expect(errorMessage { try Adam(parameters: [p], beta1: 1.5) } != nil)
    #expect(errorMessage { try clipGradNorm([p], maxNorm: -1) } != nil)
  }
}
