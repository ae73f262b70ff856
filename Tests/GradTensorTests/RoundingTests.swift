import Testing

@testable import GradTensor

/// floor, round and remainder: Python's sign rule for %, halves to even, and gradients
/// (1 and −⌊a/b⌋ for the remainder, 0 for rounding) against central finite differences.
@Suite struct RoundingTests {
  @Test func remainderTakesTheSignOfTheDivisor() throws {
    let a = try Tensor([7.0, -7.0, 7.5, -0.5], shape: [4])
    let r = try a.remainder(try Tensor([3.0, 3.0, -2.0, 2.0], shape: [4]))
    #expect(r.toDoubleArray() == [1, 2, -0.5, 1.5])
    let ints = try Tensor([7, -7], shape: [2]).remainder(try Tensor([3], shape: [1]))
    #expect(ints.toInt64Array() == [1, 2])
  }

  @Test func roundGoesHalfToEven() throws {
    let x = try Tensor([0.5, 1.5, 2.5, -0.5, 1.2345], shape: [5], dtype: .float64)
    #expect(try x.round().toDoubleArray() == [0, 2, 2, -0.0, 1])
    #expect(try x.round(decimals: 2).toDoubleArray()[4] == 1.23)
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    // Away from the jumps (no a/b near an integer), so the differences see the slopes.
    let a = try Tensor([1.3, -2.2, 0.7, 3.1, -0.4, 4.6], shape: [2, 3], dtype: .float64)
      .requiresGrad_()
    let b = try Tensor([2.0, -1.5, 0.45], shape: [3], dtype: .float64).requiresGrad_()
    for f in [
      { (t: [Tensor]) throws -> Tensor in try t[0].remainder(t[1]) },
      { (t: [Tensor]) throws -> Tensor in try t[0].round() + t[0].floor() + t[1] },
    ] {
      let result = try gradcheck(f, inputs: [a, b])
      #expect(result.passed, "\(result)")
      #expect(result.maxAbsoluteError.allSatisfy { $0 < 1e-8 })
    }
  }
}
