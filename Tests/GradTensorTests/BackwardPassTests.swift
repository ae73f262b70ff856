import Testing

@testable import GradTensor

/// The backward pass taken one node at a time: the same pass `backward()` runs.
@Suite struct BackwardPassTests {
  /// y = Σ tanh(x·w + b)², with w and b leaves and x data.
  private func graph(_ dtype: DType = .float64) throws -> (y: Tensor, w: Tensor, b: Tensor) {
    let w = try Tensor([0.5, -1.0, 2.0, 0.25, 1.5, -0.5], shape: [3, 2], dtype: dtype)
      .requiresGrad_()
    let b = try Tensor([0.1, -0.2], shape: [2], dtype: dtype).requiresGrad_()
    let x = try Tensor([1.0, 2.0, -1.0, 0.5, 0.0, 3.0], shape: [2, 3], dtype: dtype)
    let h = try (x.matmul(w) + b).tanh()
    return (try (h * h).sum(), w, b)
  }

  @Test func steppingToTheEndGivesWhatBackwardGives() throws {
    let stepped = try graph()
    var pass = try BackwardPass(from: stepped.y)
    var names: [String] = []
    while let step = try pass.step() { names.append(step.nodeName) }
    let whole = try graph()
    try whole.y.backward()
    #expect(stepped.w.grad?.toDoubleArray() == whole.w.grad?.toDoubleArray())
    #expect(stepped.b.grad?.toDoubleArray() == whole.b.grad?.toDoubleArray())
    // Every tensor before the tensors it was made from; the leaves accumulate last.
    #expect(
      names == [
        "SumBackward0", "MulBackward0", "TanhBackward0", "AddBackward0", "MmBackward0",
        "AccumulateGrad", "AccumulateGrad",
      ])
    #expect(pass.nodeCount == 7)
    #expect(pass.stepsTaken == 7)
  }

  @Test func eachStepShowsTheIncomingGradientAndWhatTheRuleSentOn() throws {
    let a = try Tensor([2.0, 3.0], requiresGrad: true)
    let c = try Tensor([5.0, 7.0])
    let y = try (a * c).sum()
    var pass = try BackwardPass(from: y)
    let sum = try #require(try pass.step())
    #expect(sum.incoming.toDoubleArray() == [1])
    #expect(sum.gradients.count == 1)
    let mul = try #require(try pass.step())
    #expect(mul.nodeName == "MulBackward0")
    #expect(mul.inputs.count == 2 && mul.inputs[0] === a && mul.inputs[1] === c)
    // ∂/∂a = g·c; c needs no gradient.
    #expect(mul.gradients[0]?.toDoubleArray() == [5, 7])
    #expect(mul.gradients[1] == nil)
    #expect(pass.upcoming === a)
    #expect(a.grad == nil)
    let leaf = try #require(try pass.step())
    #expect(leaf.isLeaf && leaf.accumulated && leaf.tensor === a)
    #expect(a.grad?.toDoubleArray() == [5, 7])
    #expect(try pass.step() == nil)
    #expect(pass.upcoming == nil)
  }

  @Test func aPassStoppedEarlyHasAddedOnlyWhatItsStepsAdded() throws {
    let (y, w, b) = try graph()
    var pass = try BackwardPass(from: y, retainGraph: true)
    for _ in 0..<5 { _ = try pass.step() }
    // Five steps reach the matrix product: no leaf has its gradient yet.
    #expect(b.grad == nil && w.grad == nil)
    let sixth = try #require(try pass.step())
    #expect(sixth.nodeName == "AccumulateGrad")
    #expect((w.grad == nil) != (b.grad == nil))
    // The graph was kept, so a whole backward still runs through it.
    try y.backward()
    #expect(w.grad != nil)
  }

  @Test func withoutRetainingTheGraphIsFreedAsBackwardFreesIt() throws {
    let a = try Tensor([2.0, 3.0], requiresGrad: true)
    let product = try a * a
    let y = try product.sum()
    var pass = try BackwardPass(from: y)
    while try pass.step() != nil {}
    // The product saved its operands, and they are gone; the sum saved nothing.
    #expect(product.isGradFnReleased)
    #expect(!y.isGradFnReleased)
    #expect(throws: TensorError.self) { try y.backward() }
  }

  @Test func theStartIsCheckedAsBackwardChecksIt() throws {
    let x = try Tensor([1.0, 2.0], requiresGrad: true)
    #expect(throws: TensorError.self) { try BackwardPass(from: x * 2) }
    #expect(throws: TensorError.self) { try BackwardPass(from: Tensor([1.0])) }
    let pass = try BackwardPass(from: x * 2, gradient: Tensor([1.0, 1.0]))
    #expect(pass.nodeCount == 2)
    #expect((try x.sum()).gradFnInputs.first === x)
    #expect(x.gradFnInputs.isEmpty)
  }

  @Test func anElementCanBeSetAndPutBackExactly() throws {
    let x = try Tensor([1.0, 2.0, 3.0, 4.0], shape: [2, 2], dtype: .float32)
    let column = try x.transpose(0, 1)
    // Row-major over the transposed view: position 1 is x[1][0].
    #expect(column.element(atFlat: 1) == 3)
    let stored = try column.setElement(atFlat: 1, to: 3.1)
    #expect(stored == Double(Float(3.1)))
    #expect(x.element(atFlat: 2) == Double(Float(3.1)))
    try column.setElement(atFlat: 1, to: 3)
    #expect(x.toDoubleArray() == [1, 2, 3, 4])
    #expect(throws: TensorError.self) { try x.setElement(atFlat: 4, to: 0) }
    #expect(throws: TensorError.self) {
      try Tensor([Int64(1)], shape: [1]).setElement(atFlat: 0, to: 2)
    }
  }
}
