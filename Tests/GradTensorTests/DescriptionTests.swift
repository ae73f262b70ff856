import Foundation
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

/// Random tensors of every kind printed by PyTorch and by this engine must read the same.
@Suite struct DescriptionSweepTests {
  @Test(.enabled(if: NumpyPython.hasTorch, "PyTorch is not available: set BENCH_VENV"))
  func printingMatchesPyTorchOnARandomSweep() throws {
    let path = temporaryPath("print-sweep.json", folder: "sweep")
    let output = try NumpyPython.script(
      """
      import json, random, torch
      random.seed(1); torch.manual_seed(1)
      cases = []
      def add(t):
          cases.append({"values": [repr(float(v)) for v in t.reshape(-1).tolist()],
                        "shape": list(t.shape), "dtype": str(t.dtype)[6:], "repr": repr(t)})
      for i in range(200):
          shape = [random.randint(1, 6) for _ in range(random.choice([0, 1, 1, 2, 2, 3]))]
          kind = random.choice(["normal", "scaled", "int", "intf", "tiny", "mixed", "double", "bool"])
          if kind == "normal": t = torch.randn(shape)
          elif kind == "scaled": t = torch.randn(shape) * 10 ** random.randint(-6, 9)
          elif kind == "int": t = torch.randint(-1000, 1000, shape)
          elif kind == "intf": t = torch.randint(-50, 50, shape).float() * random.choice([1, 1e3, 1e7])
          elif kind == "tiny": t = torch.rand(shape) * 1e-3
          elif kind == "double": t = torch.randn(shape, dtype=torch.float64) * 10 ** random.randint(-3, 3)
          elif kind == "bool": t = torch.rand(shape) > 0.5
          else:
              t = torch.randn(shape)
              if t.numel() > 2: t.view(-1)[0] = float('nan'); t.view(-1)[1] = float('-inf')
          add(t)
      add(torch.randn(1500)); add(torch.randn(40, 40)); add(torch.randn(12, 3, 40))
      json.dump(cases, open('\(path)', 'w'))
      print(len(cases))
      """)
    #expect(output.hasPrefix("203"), "\(output)")
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    var mismatches: [String] = []
    for c in cases {
      let texts = try #require(c["values"] as? [String])
      let values = texts.map {
        Double($0.replacingOccurrences(of: "inf", with: "infinity")) ?? .nan
      }
      let shape = try #require(c["shape"] as? [Int])
      let dtype = try #require((c["dtype"] as? String).flatMap(DType.init(rawValue:)))
      let expected = try #require(c["repr"] as? String)
      let mine = try Tensor(values, shape: shape, dtype: dtype).description
      if mine != expected { mismatches.append("ours:\n\(mine)\ntorch:\n\(expected)") }
    }
    #expect(cases.count == 203)
    #expect(mismatches.isEmpty, "\(mismatches.prefix(3).joined(separator: "\n\n"))")
  }
}
