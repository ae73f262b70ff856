import Testing

@testable import GradTensor

/// Bad input anywhere in the API is a thrown `TensorError` whose message names the problem.
@Suite struct ErrorTests {
  let m: Tensor
  let ints: Tensor

  init() throws {
    m = try Tensor.zeros([2, 3])
    ints = try Tensor([1, 2, 3])
  }

  @Test func shapeErrorsNameTheShapes() throws {
    let cases: [(String?, String)] = [
      (errorMessage { try m.add(Tensor.zeros([2])) }, "(2, 3) and (2,)"),
      (errorMessage { try m.matmul(m) }, "shapes cannot be multiplied (2x3 and 2x3)"),
      (errorMessage { try m.view([4]) }, "invalid for input of size 6"),
      (errorMessage { try m.reshape([-1, -1]) }, "only one dimension can be inferred"),
      (errorMessage { try m.expand([3, 3]) }, "must match the existing size"),
      (errorMessage { try Tensor.stack([m, Tensor.zeros([3, 2])]) }, "equal size"),
      (errorMessage { try m.copy_(Tensor.zeros([4])) }, "cannot be broadcast"),
      (errorMessage { try m.add_(Tensor.zeros([4, 2, 3])) }, "broadcast"),
      (errorMessage { try m.gather(dim: 0, index: Tensor([0])) }, "same number of dimensions"),
      (errorMessage { try m.split(sizes: [1, 1], dim: 1) }, "sum to 3"),
    ]
    for (message, expected) in cases {
      #expect(message?.contains(expected) == true, "\(message ?? "no error") lacks \(expected)")
    }
  }

  @Test func dtypeErrorsSayWhatToDo() throws {
    let cases: [(String?, String)] = [
      (errorMessage { try ints.requiresGrad_() }, ".float()"),
      (errorMessage { try ints.mean() }, ".float()"),
      (errorMessage { try ints.matmul(ints) }, "float32 and float64"),
      (errorMessage { try ints.softmax(dim: 0) }, "floating point"),
      (errorMessage { try Tensor([true]).neg() }, "logicalNot"),
      (errorMessage { try ints.add_(Tensor([0.5, 0.5, 0.5])) }, "can't be cast"),
      (errorMessage { try m.indexSelect(dim: 0, index: Tensor([0.0])) }, "int64"),
      (errorMessage { try Tensor.where(ints, ints, ints) }, "bool"),
      (errorMessage { try Tensor.randn([2], dtype: .int64) }, "floating point"),
    ]
    for (message, expected) in cases {
      #expect(message?.contains(expected) == true, "\(message ?? "no error") lacks \(expected)")
    }
  }

  @Test func indexErrorsGiveTheRange() throws {
    let cases: [(String?, String)] = [
      (errorMessage { try m[5] }, "out of bounds for dimension 0 with size 2"),
      (errorMessage { try m[.all, -4] }, "out of bounds for dimension 1 with size 3"),
      (errorMessage { try m.sum(dim: 2) }, "range of [-2, 1]"),
      (errorMessage { try m.permute([0, 0]) }, "repeated dim"),
      (errorMessage { try m.permute([0]) }, "don't match"),
      (errorMessage { try m.unsqueeze(4) }, "out of range"),
      (errorMessage { try m.narrow(dim: 1, start: 2, length: 2) }, "exceed"),
      (errorMessage { try m[.ellipsis, .ellipsis] }, "single ellipsis"),
      (errorMessage { try m.indexSelect(dim: 1, index: Tensor([3])) }, "out of range"),
      (errorMessage { try oneHot(Tensor([-1])) }, "non-negative"),
      (errorMessage { try oneHot(Tensor([3]), numClasses: 2) }, "too large"),
      (errorMessage { try Tensor.randint(5, 5, [1]) }, "less than high"),
      (errorMessage { try m.chunk(0) }, "positive"),
    ]
    for (message, expected) in cases {
      #expect(message?.contains(expected) == true, "\(message ?? "no error") lacks \(expected)")
    }
  }

  @Test func autogradErrorsExplainTheFix() throws {
    let x = try Tensor([1.0, 2.0], requiresGrad: true)
    let y = try x * 2
    #expect(errorMessage { try y.requiresGrad_(false) }?.contains("detach()") == true)
    #expect(errorMessage { try y.add_(1) }?.contains("out-of-place") == true)
    #expect(errorMessage { try m.retainGrad() }?.contains("requires_grad=False") == true)
    #expect(errorMessage { try m.registerHook { _ in nil } }?.contains("doesn't require") == true)
    #expect(errorMessage { try m.item() }?.contains("6 elements") == true)
  }
}
