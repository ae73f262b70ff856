import Testing

@testable import GradTensor

@Suite struct ViewTests {
  @Test func viewsShareStorageAndSeeInPlaceWrites() throws {
    let base = try Tensor.arange(6, dtype: .float32)
    let m = try base.view([2, 3])
    let t = m.T
    #expect(m.sharesStorage(with: base))
    #expect(t.sharesStorage(with: base))
    #expect(m.dataPointerIdentity == base.dataPointerIdentity)
    #expect(!t.isContiguous)
    try m.add_(1)
    #expect(base.toDoubleArray() == [1, 2, 3, 4, 5, 6])
    #expect(t.toDoubleArray() == [1, 4, 2, 5, 3, 6])
    try t[0].fill_(0)
    #expect(base.toDoubleArray() == [0, 2, 3, 0, 5, 6])
  }

  @Test func cloneIsIndependent() throws {
    let a = try Tensor([1.0, 2.0])
    let b = try a.clone()
    try b.mul_(10)
    #expect(a.toDoubleArray() == [1, 2])
    #expect(b.toDoubleArray() == [10, 20])
    #expect(!a.sharesStorage(with: b))
  }

  @Test func slicingWithNegativeIndicesAndSteps() throws {
    let x = try Tensor.arange(12).reshape([3, 4])
    #expect(try x[-1].toInt64Array() == [8, 9, 10, 11])
    #expect(try x[.all, .range(nil, nil, step: 2)].toInt64Array() == [0, 2, 4, 6, 8, 10])
    #expect(try x[.range(1, nil), .range(-2, nil)].toInt64Array() == [6, 7, 10, 11])
    let row = try x[1, .range(1, 3)]
    #expect(row.storageOffset == 5)
    #expect(row.sharesStorage(with: x))
    #expect(try x[.newAxis, .ellipsis].shape == [1, 3, 4])
    #expect(try x[.ellipsis, 0].toInt64Array() == [0, 4, 8])
    #expect(try x[.range(5, 9)].shape == [0, 4])
  }

  @Test func indexingErrors() throws {
    let x = try Tensor.zeros([2, 3])
    #expect(
      errorMessage { try x[2] }?.contains("index 2 is out of bounds for dimension 0 with size 2")
        == true)
    #expect(errorMessage { try x[0, 0, 0] }?.contains("too many indices") == true)
    #expect(errorMessage { try x[.range(nil, nil, step: -1)] }?.contains("step") == true)
    #expect(errorMessage { try x.transpose(0, 2) }?.contains("out of range") == true)
  }

  @Test func reshapeCopiesOnlyWhenItMust() throws {
    let x = try Tensor.arange(6, dtype: .float32).view([2, 3])
    #expect(try x.reshape([3, 2]).sharesStorage(with: x))
    #expect(try x.reshape([-1]).shape == [6])
    let copied = try x.T.reshape([6])
    #expect(!copied.sharesStorage(with: x))
    #expect(copied.toDoubleArray() == [0, 3, 1, 4, 2, 5])
    #expect(errorMessage { try x.T.view([6]) }?.contains("reshape") == true)
    #expect(errorMessage { try x.view([4, 2]) }?.contains("invalid for input of size 6") == true)
  }

  /// Which views of non-contiguous tensors exist, and their strides, as PyTorch 2.13 reports.
  @Test func viewsOfNonContiguousTensorsFollowPyTorch() throws {
    let x = try Tensor.arange(24).view([2, 3, 4]).permute([1, 0, 2])
    #expect(try x.view([3, 2, 2, 2]).strides == [4, 12, 2, 1])
    #expect(try x.view([3, 2, 4, 1]).strides == [4, 12, 1, 1])
    #expect(errorMessage { try x.view([3, 8]) } != nil)
    #expect(errorMessage { try x.view([6, 4]) } != nil)
    #expect(errorMessage { try x.view([24]) } != nil)
    let y = try Tensor.arange(24).view([4, 6])[.all, .range(1, 5)]
    #expect(try y.view([4, 2, 2]).strides == [6, 2, 1])
    #expect(try y.view([2, 2, 4]).strides == [12, 6, 1])
    #expect(errorMessage { try y.view([16]) } != nil)
    #expect(try y.view([2, 2, 4]).toInt64Array() == y.toInt64Array())
  }

  @Test func squeezeUnsqueezeExpandPermute() throws {
    let x = try Tensor([1.0, 2.0, 3.0])
    let col = try x.unsqueeze(1)
    #expect(col.shape == [3, 1])
    let e = try col.expand([3, 4])
    #expect(e.strides == [1, 0])
    #expect(e.sharesStorage(with: x))
    #expect(try e.sum(dim: 1).toDoubleArray() == [4, 8, 12])
    #expect(try col.squeeze().shape == [3])
    #expect(try Tensor.zeros([2, 3, 4]).permute([2, 0, 1]).shape == [4, 2, 3])
    #expect(errorMessage { try col.expand([2, 4]) }?.contains("must match") == true)
  }

  @Test func inPlaceWritesThroughViewsAndCopy() throws {
    let x = try Tensor.zeros([2, 3])
    try x[.all, 1].copy_(Tensor([5.0, 6.0]))
    #expect(x.toDoubleArray() == [0, 5, 0, 0, 6, 0])
    try x.setIndex([0], to: Tensor(1.0))
    #expect(x.toDoubleArray() == [1, 1, 1, 0, 6, 0])
    try x.zero_()
    #expect(x.toDoubleArray() == [0, 0, 0, 0, 0, 0])
  }

  @Test func inPlaceOnLeafRequiringGradIsRefused() throws {
    let w = try Tensor.ones([2], requiresGrad: true)
    #expect(errorMessage { try w.add_(1) }?.contains("in-place") == true)
    try noGrad { try w.add_(1) }
    #expect(w.toDoubleArray() == [2, 2])
  }
}

@Suite struct ExtremeIndexTests {
  @Test func hugeStepsAndBoundsDoNotOverflow() throws {
    let x = try Tensor.arange(10)
    #expect(try x[.range(1, nil, step: Int.max)].toInt64Array() == [1])
    #expect(try x[.range(Int.min, Int.max)].count == 10)
    #expect(try x[.range(-3, nil, step: 2)].toInt64Array() == [7, 9])
    #expect(errorMessage { try x.narrow(dim: 0, start: 5, length: Int.max) } != nil)
    #expect(errorMessage { try oneHot(Tensor([Int64.max], shape: [1])) } != nil)
    #expect(errorMessage { try Tensor.arange(0, 1e14) }?.contains("memory cap") == true)
  }
}
