import Testing

@testable import GradTensor

/// masked_fill, ceil, ~, torch.diag and bmm: values, PyTorch's errors, and gradients against
/// central finite differences.
@Suite struct MaskDiagBmmTests {
  @Test func maskedFillWritesWhereTheMaskIsTrue() throws {
    let x = try Tensor([1.0, 2.0, 3.0, 4.0], shape: [2, 2], dtype: .float64)
    let mask = try Tensor([true, false, false, true], shape: [2, 2])
    #expect(try x.maskedFill(mask, -1).toDoubleArray() == [-1, 2, 3, -1])
    // The mask broadcasts: one row of it applies to every row.
    let row = try Tensor([false, true], shape: [2])
    #expect(try x.maskedFill(row, 0).toDoubleArray() == [1, 0, 3, 0])
    let y = try x.clone()
    try y.maskedFill_(mask, 9)
    #expect(y.toDoubleArray() == [9, 2, 3, 9])
    #expect(
      errorMessage { try x.maskedFill(Tensor([1, 0], shape: [2]), 0) }
        == "masked_fill_ only supports boolean masks, but got mask with dtype long int")
  }

  @Test func maskedFillGradientIsZeroWhereFilled() throws {
    let mask = try Tensor([true, false, true, false, false, true], shape: [2, 3])
    let leaf = try sample([2, 3]).requiresGrad_()
    let out = try leaf.maskedFill(mask, 0.5)
    #expect(out.gradFnName == "MaskedFillBackward0")
    try out.sum().backward()
    #expect(leaf.grad?.toDoubleArray() == [0, 1, 0, 1, 1, 0])
    let result = try gradcheck({ try $0[0].maskedFill(mask, 2) }, inputs: [try sample([2, 3])])
    #expect(result.passed, "\(result)")
  }

  @Test func ceilRoundsUpWithAZeroGradient() throws {
    let x = try Tensor([1.2, -1.5, 2.0], shape: [3], dtype: .float64).requiresGrad_()
    let c = try x.ceil()
    #expect(c.toDoubleArray() == [2, -1, 2])
    #expect(c.gradFnName == "CeilBackward0")
    try c.sum().backward()
    #expect(x.grad?.toDoubleArray() == [0, 0, 0])
  }

  @Test func invertIsLogicalOnBoolsAndBitwiseOnIntegers() throws {
    #expect(try Tensor([true, false], shape: [2]).bitwiseNot().toBoolArray() == [false, true])
    // ~n = −n − 1
    #expect(try Tensor([1, -2, 0], shape: [3]).bitwiseNot().toInt64Array() == [-2, 1, -1])
    #expect(
      errorMessage { try Tensor([1.0], shape: [1]).bitwiseNot() }
        == "~ (operator.invert) is only implemented on integer and Boolean-type tensors")
  }

  @Test func diagTurnsVectorsIntoMatricesAndBack() throws {
    let v = try Tensor([1.0, 2.0], shape: [2], dtype: .float64)
    #expect(try v.diag().toDoubleArray() == [1, 0, 0, 2])
    let above = try v.diag(1)
    #expect(above.shape == [3, 3] && above.toDoubleArray() == [0, 1, 0, 0, 0, 2, 0, 0, 0])
    #expect(try v.diag(-1).toDoubleArray() == [0, 0, 0, 1, 0, 0, 0, 2, 0])
    let m = try Tensor.arange(0, 12, dtype: .float64).view([3, 4])
    #expect(try m.diag().toDoubleArray() == [0, 5, 10])
    #expect(try m.diag(1).toDoubleArray() == [1, 6, 11])
    #expect(try m.diag(-2).toDoubleArray() == [8])
    #expect(try m.diag(5).shape == [0])
    #expect(
      errorMessage { try Tensor.zeros([2, 2, 2]).diag() }
        == "diag(): Supports 1D or 2D tensors. Got 3D")
  }

  @Test func diagGradientsMatchFiniteDifferences() throws {
    for k in [-1, 0, 2] {
      for input in [try sample([3]), try sample([3, 4])] {
        let result = try gradcheck({ try $0[0].diag(k) }, inputs: [input])
        #expect(result.passed, "\(result)")
      }
    }
    #expect(try sample([3]).requiresGrad_().diag().gradFnName == "DiagEmbedBackward0")
    #expect(try sample([3, 3]).requiresGrad_().diag().gradFnName == "DiagonalBackward0_copy")
  }

  @Test func bmmMultipliesBatchByBatch() throws {
    let a = try Tensor.arange(0, 12, dtype: .float64).view([2, 2, 3])
    let b = try Tensor.ones([2, 3, 1], dtype: .float64)
    #expect(try a.bmm(b).toDoubleArray() == [3, 12, 21, 30])
    let result = try gradcheck(
      { try $0[0].bmm($0[1]) }, inputs: [try sample([2, 2, 3]), try sample([2, 3, 4], seed: 9)])
    #expect(result.passed, "\(result)")
    #expect(try a.requiresGrad_().bmm(b).gradFnName == "BmmBackward0")
  }

  @Test func bmmShapeErrorsAreTorchs() throws {
    let a = try Tensor.zeros([1, 3, 4])
    #expect(errorMessage { try Tensor.zeros([3, 4]).bmm(a) } == "batch1 must be a 3D tensor")
    #expect(errorMessage { try a.bmm(Tensor.zeros([4, 3])) } == "batch2 must be a 3D tensor")
    #expect(
      errorMessage { try a.bmm(Tensor.zeros([1, 3, 4])) }
        == "Expected size for first two dimensions of batch2 tensor to be: [1, 4] but got: [1, 3].")
    #expect(
      errorMessage { try a.bmm(Tensor.zeros([1, 4, 2], dtype: .float64)) }
        == "expected scalar type Float but found Double")
  }
}
