import Testing

@testable import GradTensor

/// all/any, prod, cumsum, var and std: values and dtypes as PyTorch gives them, and every
/// gradient against central finite differences (prod's also where a factor is zero).
@Suite struct StatisticsTests {
  @Test func allAndAnyGiveBoolTensors() throws {
    let x = try Tensor([1, 0, 1, 1], shape: [2, 2])
    let every = try x.all()
    #expect(every.dtype == .bool && every.shape == [] && every.toBoolArray() == [false])
    #expect(try x.all(dims: [1]).toBoolArray() == [false, true])
    #expect(try x.any(dims: [0], keepdim: true).shape == [1, 2])
    #expect(try Tensor([Double.nan, 0], shape: [2]).any().toBoolArray() == [true])
    // An empty reduction: all is vacuously true, any false.
    #expect(try Tensor.zeros([0]).all().toBoolArray() == [true])
    #expect(try Tensor.zeros([0]).any().toBoolArray() == [false])
  }

  @Test func prodMultipliesAndKeepsIntegersInt64() throws {
    let x = try Tensor([1.0, 0.0, 2.0, 3.0, 4.0, 5.0], shape: [2, 3], dtype: .float64)
    #expect(try x.prod().toDoubleArray() == [0])
    #expect(try x.prod(dim: 1).toDoubleArray() == [0, 60])
    #expect(try x.prod(dim: 0, keepdim: true).shape == [1, 3])
    #expect(try Tensor([2, 3], shape: [2]).prod().dtype == .int64)
    #expect(try Tensor([true, true], shape: [2]).prod().toInt64Array() == [1])
  }

  @Test func prodGradientIsTheProductOfTheOthersEvenAtZero() throws {
    // ∂/∂x_j Π x = Π_{i≠j} x_i: with one zero only that factor's gradient is non-zero.
    let x = try Tensor([0.0, 2.0, 3.0], shape: [3], dtype: .float64).requiresGrad_()
    try x.prod().backward()
    #expect(x.grad?.toDoubleArray() == [6, 0, 0])
    let twoZeros = try Tensor([0.0, 0.0, 3.0], shape: [3], dtype: .float64).requiresGrad_()
    try twoZeros.prod().backward()
    #expect(twoZeros.grad?.toDoubleArray() == [0, 0, 0])
    let withZero = try Tensor([1.5, 0.0, -2.0, 0.5, 3.0, 1.25], shape: [2, 3], dtype: .float64)
    for f in [
      { (t: [Tensor]) throws -> Tensor in try t[0].prod() },
      { (t: [Tensor]) throws -> Tensor in try t[0].prod(dim: 1) },
      { (t: [Tensor]) throws -> Tensor in try t[0].prod(dim: 0, keepdim: true) },
    ] {
      for input in [withZero, try sample([2, 3])] {
        let result = try gradcheck(f, inputs: [input])
        #expect(result.passed, "\(result)")
      }
    }
  }

  @Test func cumsumRunsAlongADimension() throws {
    let x = try Tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [2, 3], dtype: .float64)
    #expect(try x.cumsum(dim: 1).toDoubleArray() == [1, 3, 6, 4, 9, 15])
    #expect(try x.cumsum(dim: 0).toDoubleArray() == [1, 2, 3, 5, 7, 9])
    #expect(try x.cumsum(dim: -1).toDoubleArray() == [1, 3, 6, 4, 9, 15])
    let ints = try Tensor([true, true, false], shape: [3]).cumsum(dim: 0)
    #expect(ints.dtype == .int64 && ints.toInt64Array() == [1, 2, 2])
    // ∂x_j = Σ_{i ≥ j} g_i
    let leaf = try x.detach().requiresGrad_()
    try leaf.cumsum(dim: 1).sum().backward()
    #expect(leaf.grad?.toDoubleArray() == [3, 2, 1, 3, 2, 1])
    for d in [0, 1] {
      let result = try gradcheck({ try $0[0].cumsum(dim: d) }, inputs: [try sample([2, 3])])
      #expect(result.passed, "\(result)")
    }
  }

  @Test func varianceAndStdAreUnbiasedUnlessTold() throws {
    let x = try Tensor([1.0, 2.0, 3.0, 4.0], shape: [4], dtype: .float64)
    // x̄ = 2.5, Σ (x − x̄)² = 5
    #expect(try x.variance().toDoubleArray() == [5.0 / 3])
    #expect(try x.variance(correction: 0).toDoubleArray() == [1.25])
    #expect(allClose(try x.std().toDoubleArray(), [(5.0 / 3).squareRoot()], tol: 1e-15))
    let m = try Tensor([1.0, 3.0, 5.0, 7.0], shape: [2, 2], dtype: .float64)
    #expect(try m.variance(dims: [0]).toDoubleArray() == [8, 8])
    #expect(try m.std(dims: [1], keepdim: true).shape == [2, 1])
    // One element, unbiased: 0 / 0.
    #expect(try Tensor([2.0], shape: [1]).std().toDoubleArray()[0].isNaN)
    #expect(
      errorMessage { try Tensor([1, 2], shape: [2]).std() }
        == "std and var only support floating point and complex dtypes")
  }

  @Test func varianceAndStdGradientsMatchFiniteDifferences() throws {
    let x = try sample([3, 4])
    for f in [
      { (t: [Tensor]) throws -> Tensor in try t[0].variance() },
      { (t: [Tensor]) throws -> Tensor in try t[0].variance(dims: [1], correction: 0) },
      { (t: [Tensor]) throws -> Tensor in try t[0].std() },
      { (t: [Tensor]) throws -> Tensor in try t[0].std(dims: [0], keepdim: true) },
      { (t: [Tensor]) throws -> Tensor in try t[0].std(dims: [0, 1], correction: 2) },
    ] {
      let result = try gradcheck(f, inputs: [x])
      #expect(result.passed, "\(result)")
    }
  }

  @Test func nodeNamesAreTorchs() throws {
    let x = try sample([2, 3]).requiresGrad_()
    #expect(try x.prod().gradFnName == "ProdBackward0")
    #expect(try x.prod(dim: 0).gradFnName == "ProdBackward1")
    #expect(try x.cumsum(dim: 0).gradFnName == "CumsumBackward0")
    #expect(try x.variance().gradFnName == "VarBackward0")
    #expect(try x.std(dims: [1]).gradFnName == "StdBackward0")
  }
}
