import Testing

@testable import GradTensor

@Suite struct NNTests {
  @Test func linearComputesXWTransposePlusB() throws {
    let layer = try Linear(inFeatures: 3, outFeatures: 2)
    try noGrad {
      try layer.weight.copy_(Tensor([[1.0, 0.0, 1.0], [0.0, 2.0, 0.0]]))
      try layer.bias?.copy_(Tensor([0.5, -0.5]))
    }
    let y = try layer(Tensor([[1.0, 2.0, 3.0]]))
    #expect(y.toDoubleArray() == [4.5, 3.5])
    try y.sum().backward()
    #expect(layer.weight.grad?.toDoubleArray() == [1, 2, 3, 1, 2, 3])
    #expect(layer.bias?.grad?.toDoubleArray() == [1, 1])
    #expect(layer.parameterCount == 8)
    #expect(errorMessage { try layer(Tensor.zeros([1, 4])) }?.contains("last dimension") == true)
  }

  @Test func linearDefaultInitIsBoundedByOneOverRootFanIn() throws {
    manualSeed(1)
    let layer = try Linear(inFeatures: 100, outFeatures: 50)
    let w = layer.weight.toDoubleArray()
    #expect(w.allSatisfy { Swift.abs($0) <= 0.1 })
    #expect(w.contains { Swift.abs($0) > 0.09 })
  }

  @Test func initialisersFollowTheirFormulas() throws {
    manualSeed(2)
    let t = try Tensor.zeros([200, 300])
    try Init.xavierUniform(t)
    let bound = (6.0 / 500).squareRoot()
    #expect(t.toDoubleArray().allSatisfy { Swift.abs($0) <= bound })
    try Init.xavierNormal(t)
    let std = try t.pow(2).mean().sqrt().item()
    #expect(Swift.abs(std - (2.0 / 500).squareRoot()) < 0.003)
    try Init.normal(t, mean: 3, std: 0.5)
    #expect(Swift.abs(try t.mean().item() - 3) < 0.01)
    #expect(errorMessage { try Init.xavierUniform(Tensor.zeros([3])) } != nil)
  }

  @Test func embeddingGradientScatterAddsRows() throws {
    let emb = try Embedding(count: 4, dimension: 2)
    let out = try emb(Tensor([[1, 1], [3, 0]]))
    #expect(out.shape == [2, 2, 2])
    try out.sum().backward()
    #expect(emb.weight.grad?.toDoubleArray() == [1, 1, 2, 2, 0, 0, 1, 1])
  }

  @Test func parametersSaveAndLoad() throws {
    let a = try Linear(inFeatures: 2, outFeatures: 2)
    let b = try Linear(inFeatures: 2, outFeatures: 2)
    let path = temporaryPath("linear.npz")
    try a.saveParameters(to: path)
    try b.loadParameters(from: path)
    #expect(b.weight.toDoubleArray() == a.weight.toDoubleArray())
    #expect(b.bias?.toDoubleArray() == a.bias?.toDoubleArray())
    let c = try Linear(inFeatures: 3, outFeatures: 2)
    #expect(errorMessage { try c.loadParameters(from: path) }?.contains("shape") == true)
  }

  @Test func tinyMLPLearnsXor() throws {
    manualSeed(0)
    let l1 = try Linear(inFeatures: 2, outFeatures: 8)
    let l2 = try Linear(inFeatures: 8, outFeatures: 2)
    let x = try Tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    let y = try Tensor([0, 1, 1, 0])
    let opt = try Adam(parameters: l1.parameters() + l2.parameters(), learningRate: 0.05)
    var loss = 0.0
    for _ in 0..<300 {
      opt.zeroGrad()
      let l = try crossEntropy(l2(l1(x).tanh()), y)
      try l.backward()
      try opt.step()
      loss = try l.item()
    }
    #expect(loss < 0.05)
  }
}

@Suite struct DropoutTests {
  @Test func dropoutKeepsTheExpectationAndItsMask() throws {
    manualSeed(11)
    let x = try Tensor.ones([10_000], requiresGrad: true)
    let y = try dropout(x, p: 0.25)
    let values = y.toDoubleArray()
    let zeros = values.filter { $0 == 0 }.count
    #expect(zeros > 2_300 && zeros < 2_700)
    #expect(values.allSatisfy { $0 == 0 || Swift.abs($0 - 4.0 / 3) < 1e-6 })
    try y.sum().backward()
    #expect(try #require(x.grad).toDoubleArray() == values)
    #expect(try dropout(x, p: 0.5, training: false) === x)
    #expect(try dropout(x, p: 1).toDoubleArray().allSatisfy { $0 == 0 })
    #expect(errorMessage { try dropout(x, p: 1.5) }?.contains("between 0 and 1") == true)
  }
}
