import Testing

@testable import GradTensor

@Suite struct ElementwiseTests {
  @Test func broadcastingArithmetic() throws {
    let a = try Tensor([[1.0], [2.0]])
    let b = try Tensor([10.0, 20.0, 30.0])
    #expect(try (a + b).toDoubleArray() == [11, 21, 31, 12, 22, 32])
    #expect(try (a * b).shape == [2, 3])
    #expect(try (b - 1).toDoubleArray() == [9, 19, 29])
    #expect(try (1 - b).toDoubleArray() == [-9, -19, -29])
    #expect(try (60 / b).toDoubleArray() == [6, 3, 2])
    #expect(try (b / 10).toDoubleArray() == [1, 2, 3])
  }

  @Test func broadcastErrorNamesBothShapes() throws {
    let message = errorMessage { try Tensor.zeros([2, 3]) + Tensor.zeros([4]) }
    #expect(message?.contains("(2, 3) and (4,)") == true)
  }

  @Test func typePromotion() throws {
    let i = try Tensor([1, 2])
    #expect(try (i + 1).dtype == .int64)
    #expect(try (i / 2).dtype == .float32)
    #expect(try (i / 2).toDoubleArray() == [0.5, 1])
    #expect(try (i + Tensor([0.5, 0.5])).dtype == .float32)
    #expect(try (Tensor([1.0], dtype: .float64) + Tensor([1.0])).dtype == .float64)
  }

  @Test func unaryFunctions() throws {
    let x = try Tensor([-1.0, 0.0, 4.0], dtype: .float64)
    #expect(try x.relu().toDoubleArray() == [0, 0, 4])
    #expect(try x.abs().toDoubleArray() == [1, 0, 4])
    #expect(try x.clamp(min: -0.5, max: 2).toDoubleArray() == [-0.5, 0, 2])
    #expect(try x.pow(2).toDoubleArray() == [1, 0, 16])
    #expect(allClose(try x.exp().toDoubleArray(), [0.36787944117144233, 1, 54.598150033144236]))
    #expect(allClose(try x.tanh().toDoubleArray(), [-0.7615941559557649, 0, 0.999329299739067]))
    #expect(
      allClose(try x.sigmoid().toDoubleArray(), [0.2689414213699951, 0.5, 0.9820137900379085]))
    #expect(try Tensor([4.0, 9.0]).sqrt().toDoubleArray() == [2, 3])
    #expect(try Tensor([1.0]).log().toDoubleArray() == [0])
    #expect(try (-Tensor([1.0, -2.0])).toDoubleArray() == [-1, 2])
  }

  @Test func comparisonsGiveBoolTensors() throws {
    let x = try Tensor([1.0, 2.0, 3.0])
    #expect(try (x .> 1.5).toBoolArray() == [false, true, true])
    #expect(try (x .<= 2).toBoolArray() == [true, true, false])
    #expect(try (x .== Tensor([1.0, 0, 3])).toBoolArray() == [true, false, true])
    #expect(try (x .!= 2).dtype == .bool)
    #expect(try (x .>= 3).logicalNot().toBoolArray() == [true, true, false])
  }

  @Test func whereSelectsElementwise() throws {
    let x = try Tensor([1.0, -2.0, 3.0])
    let out = try Tensor.where(x .> 0, x, Tensor(0.0))
    #expect(out.toDoubleArray() == [1, 0, 3])
    #expect(errorMessage { try Tensor.where(x, x, x) }?.contains("bool") == true)
  }

  @Test func elementwiseOnTransposedViews() throws {
    let a = try Tensor.arange(6, dtype: .float32).view([2, 3])
    let s = try a.T + a.T
    #expect(s.toDoubleArray() == [0, 6, 2, 8, 4, 10])
    let strided = try a.T.tanh().toDoubleArray()
    let packed = try a.T.contiguous().tanh().toDoubleArray()
    #expect(strided == packed)
    #expect(try a.T.sigmoid().toDoubleArray() == a.T.contiguous().sigmoid().toDoubleArray())
    #expect(try a.T.exp().toDoubleArray() == a.T.contiguous().exp().toDoubleArray())
    // Gradient flowing back through a strided view of a tanh output.
    let x = try Tensor.randn([4, 6], requiresGrad: true)
    try x.tanh().T.sum(dim: 0).sum().backward()
    let expected = try x.detach().tanh().pow(2).neg() + 1
    #expect(allClose(try #require(x.grad).toDoubleArray(), expected.toDoubleArray(), tol: 1e-6))
  }
}
