import Testing

@testable import GradTensor

/// Expected strings were printed by PyTorch 2.13 (`repr(tensor)`) for the same values.
@Suite struct DescriptionTests {
  @Test func integerTensorsPrintWithoutDecimals() throws {
    #expect(try Tensor([[1, 2], [3, 40]]).description == "tensor([[ 1,  2],\n        [ 3, 40]])")
  }

  @Test func floatsShareOneWidthWithFourDecimals() throws {
    let t = try Tensor([[0.1, -2.5], [3.25, 100.0]])
    #expect(t.description == "tensor([[  0.1000,  -2.5000],\n        [  3.2500, 100.0000]])")
  }

  @Test func integerValuedFloatsPrintWithATrailingPoint() throws {
    #expect(try Tensor([1.0, 2.0, -3.0]).description == "tensor([ 1.,  2., -3.])")
    #expect(try Tensor.zeros([2]).description == "tensor([0., 0.])")
  }

  @Test func scientificNotationWhenTheRangeDemands() throws {
    #expect(
      try Tensor([1e-5, 1.0, 123.0]).description == "tensor([1.0000e-05, 1.0000e+00, 1.2300e+02])")
    #expect(try Tensor([1.0, 1e9]).description == "tensor([1.0000e+00, 1.0000e+09])")
  }

  @Test func nonDefaultDtypesGetASuffix() throws {
    let d = try Tensor([1.5, 2.0], dtype: .float64)
    #expect(d.description == "tensor([1.5000, 2.0000], dtype=torch.float64)")
    #expect(try Tensor([true, false]).description == "tensor([ True, False])")
  }

  @Test func nanAndInfinityArePadded() throws {
    let t = try Tensor([Double.nan, 1.5, Double.infinity], shape: [3])
    #expect(t.description == "tensor([   nan, 1.5000,    inf])")
  }

  @Test func scalarsAndEmptyTensors() throws {
    #expect(try Tensor(3.14159).description == "tensor(3.1416)")
    #expect(try Tensor.zeros([0, 3]).description == "tensor([], size=(0, 3))")
    #expect(try Tensor.zeros([0]).description == "tensor([])")
    #expect(try Tensor.zeros([0], dtype: .int64).description == "tensor([], dtype=torch.int64)")
  }

  @Test func bigTensorsAreSummarised() throws {
    let t = try Tensor.arange(2000, dtype: .float32).reshape([2, 1000])
    let expected = """
      tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9700e+02, 9.9800e+02,
               9.9900e+02],
              [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.9970e+03, 1.9980e+03,
               1.9990e+03]])
      """
    #expect(t.description == expected)
    #expect(
      try Tensor.arange(1001).description == "tensor([   0,    1,    2,  ...,  998,  999, 1000])")
  }

  @Test func longVectorsWrapAtEightyColumns() throws {
    let t = try Tensor.arange(30, dtype: .float32) / 7
    let expected = """
      tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,
              1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,
              2.5714, 2.7143, 2.8571, 3.0000, 3.1429, 3.2857, 3.4286, 3.5714, 3.7143,
              3.8571, 4.0000, 4.1429])
      """
    #expect(t.description == expected)
  }

  @Test func threeDimensionsSeparateBlocksWithABlankLine() throws {
    let t = try Tensor.arange(8, dtype: .float32).reshape([2, 2, 2])
    #expect(
      t.description
        == "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])")
  }

  @Test func autogradSuffixes() throws {
    let x = try Tensor.ones([2, 2], requiresGrad: true)
    #expect(x.description == "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)")
    #expect(try (x * 2).sum(dim: 1).description == "tensor([4., 4.], grad_fn=<SumBackward1>)")
    let d = try Tensor.ones([2], dtype: .float64, requiresGrad: true)
    #expect(
      try (d * 2).description == "tensor([2., 2.], dtype=torch.float64, grad_fn=<MulBackward0>)")
  }
}
