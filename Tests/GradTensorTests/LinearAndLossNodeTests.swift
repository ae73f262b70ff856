import Testing

@testable import GradTensor

/// `linear` (one `AddmmBackward0` node), `embedding` (`EmbeddingBackward0`) and `mseLoss`
/// (`MseLossBackward0`): each node computes what its composite of primitives computes, and
/// its gradients match finite differences.
@Suite struct LinearAndLossNodeTests {
  func expectGradientsMatch(
    _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
    _ f: @escaping ([Tensor]) throws -> Tensor
  ) throws {
    try expectGradientsMatchFiniteDifferences(inputs, sourceLocation: sourceLocation, f)
  }

  @Test(arguments: [[5, 4], [4], [2, 3, 4], [0, 4]])
  func linearIsTheCompositeAffineMap(inputShape: [Int]) throws {
    let x = try sample(inputShape, seed: 1)
    let W = try sample([3, 4], seed: 2)
    let b = try sample([3], seed: 3)
    let fused = try linear(x, weight: W, bias: b)
    let composite = try x.matmul(W.T) + b
    #expect(fused.shape == composite.shape)
    #expect(allClose(fused.toDoubleArray(), composite.toDoubleArray(), tol: 1e-12))
    let unbiased = try linear(x, weight: W, bias: nil)
    #expect(allClose(unbiased.toDoubleArray(), try x.matmul(W.T).toDoubleArray(), tol: 1e-12))
  }

  @Test func linearGradientsMatchFiniteDifferences() throws {
    let (x, W, b) = (try sample([5, 4], seed: 1), try sample([3, 4], seed: 2), try sample([3]))
    try expectGradientsMatch([x, W, b]) { try linear($0[0], weight: $0[1], bias: $0[2]) }
    try expectGradientsMatch([x, W]) { try linear($0[0], weight: $0[1], bias: nil) }
    let sequence = try sample([2, 3, 4], seed: 4)
    try expectGradientsMatch([sequence, W, b]) {
      try linear($0[0], weight: $0[1], bias: $0[2])
    }
  }

  @Test func linearIsOneNodeNamedAsInPyTorch() throws {
    let W = try sample([3, 4]).requiresGrad_()
    let b = try sample([3]).requiresGrad_()
    let x = try sample([5, 4])
    #expect(try linear(x, weight: W, bias: b).gradFnName == "AddmmBackward0")
    #expect(try linear(x, weight: W, bias: nil).gradFnName == "MmBackward0")
    // float32 takes the same path, in single precision.
    let y = try linear(x.to(.float32), weight: W.to(.float32), bias: b.to(.float32))
    #expect(y.dtype == .float32 && y.gradFnName == "AddmmBackward0")
  }

  @Test func linearRefusesMismatchedSizesAndDtypes() throws {
    let W = try sample([3, 4])
    #expect(
      errorMessage { try linear(sample([5, 2]), weight: W, bias: nil) }
        == "mat1 and mat2 shapes cannot be multiplied (5x2 and 4x3)")
    #expect(
      errorMessage { try linear(sample([5, 4]).to(.float32), weight: W, bias: nil) }
        == "mat1 and mat2 must have the same dtype, but got Float and Double")
  }

  @Test func embeddingGradientCollectsEveryRowItWasReadFrom() throws {
    let W = try sample([4, 3]).requiresGrad_()
    let indices = try Tensor([Int64(1), 3, 1, 0, 1, 2], shape: [2, 3])
    let rows = try embedding(indices, W)
    #expect(rows.gradFnName == "EmbeddingBackward0")
    #expect(rows.shape == [2, 3, 3])
    try rows.sum().backward()
    // Row 1 was read three times, the others once.
    #expect(W.grad?.toDoubleArray() == [1, 1, 1, 3, 3, 3, 1, 1, 1, 1, 1, 1])
    try expectGradientsMatch([try sample([4, 3])]) { try embedding(indices, $0[0]) }
  }

  @Test(arguments: [LossReduction.mean, .sum, .none])
  func mseLossIsTheMeanSquaredDifference(reduction: LossReduction) throws {
    let x = try sample([3, 2], seed: 5)
    let y = try sample([3, 2], seed: 6)
    let loss = try mseLoss(x.requiresGrad_(), y, reduction: reduction)
    #expect(loss.gradFnName == "MseLossBackward0")
    let d = try x.detach() - y
    let squared = try d * d
    let expected: Tensor
    switch reduction {
    case .mean: expected = try squared.mean()
    case .sum: expected = try squared.sum()
    case .none: expected = squared
    }
    #expect(allClose(loss.toDoubleArray(), expected.toDoubleArray(), tol: 1e-14))
    try expectGradientsMatch([x, y]) { try mseLoss($0[0], $0[1], reduction: reduction) }
    // A target that broadcasts gets its gradient summed back to its own shape.
    try expectGradientsMatch([x, try sample([2], seed: 7)]) {
      try mseLoss($0[0], $0[1], reduction: reduction)
    }
  }
}

extension LinearAndLossNodeTests {
  @Test(arguments: [LossReduction.mean, .sum, .none])
  func nllLossPicksTheTargetLogProbabilities(reduction: LossReduction) throws {
    let x = try sample([4, 3], seed: 8)
    let target = try Tensor([Int64(2), 0, 1, 0], shape: [4])
    let loss = try nllLoss(x.requiresGrad_(), target, reduction: reduction)
    #expect(loss.gradFnName == "NllLossBackward0")
    let picked = try x.detach().gather(dim: 1, index: target.unsqueeze(1)).squeeze(1).neg()
    let expected: Tensor
    switch reduction {
    case .mean: expected = try picked.mean()
    case .sum: expected = try picked.sum()
    case .none: expected = picked
    }
    #expect(allClose(loss.toDoubleArray(), expected.toDoubleArray(), tol: 1e-14))
    let ignoring = try Tensor([Int64(2), -100, 1, -100], shape: [4])
    try expectGradientsMatch([x]) { try nllLoss($0[0], ignoring, reduction: reduction) }
  }

  @Test func nllLossRefusesWhatPyTorchRefuses() throws {
    let x = try sample([3, 4])
    #expect(
      errorMessage { try nllLoss(x, Tensor([Int64(0), 1], shape: [2])) }
        == "Expected input batch_size (3) to match target batch_size (2).")
    #expect(
      errorMessage { try nllLoss(x, Tensor([Int64(0), 9, 1], shape: [3])) }
        == "Target 9 is out of bounds.")
    #expect(
      errorMessage { try nllLoss(x, Tensor([0.0, 1, 2], shape: [3])) }  // float32 targets
        == "expected target dtype to be Long or Byte, but got Float")
  }
}
