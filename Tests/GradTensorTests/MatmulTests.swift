import Testing

@testable import GradTensor

@Suite struct MatmulTests {
  @Test(arguments: [(1, 1, 1), (3, 5, 7), (17, 1, 9), (31, 33, 2), (64, 65, 63)])
  func blasMatchesNaiveReference(shape: (Int, Int, Int)) throws {
    let (n, k, m) = shape
    manualSeed(UInt64(n * 100 + k))
    let a = try Tensor.randn([n, k])
    let b = try Tensor.randn([k, m])
    let fast = try a.matmul(b).toDoubleArray()
    let slow = try naiveMatmul(a, b).toDoubleArray()
    #expect(allClose(fast, slow, tol: 1e-4))
  }

  @Test func transposedViewsAreReadWithoutCopies() throws {
    manualSeed(3)
    let a = try Tensor.randn([7, 5])
    let b = try Tensor.randn([3, 5])
    let viaView = try a.matmul(b.T)
    let viaCopy = try a.matmul(b.T.contiguous())
    #expect(allClose(viaView.toDoubleArray(), viaCopy.toDoubleArray(), tol: 1e-5))
    #expect(allClose(viaView.toDoubleArray(), try naiveMatmul(a, b.T).toDoubleArray(), tol: 1e-4))
    let both = try a.T.T.matmul(b.T)
    #expect(allClose(both.toDoubleArray(), viaView.toDoubleArray(), tol: 1e-5))
    let sliced = try a[.all, .range(0, 5, step: 2)].matmul(b[.all, .range(0, 5, step: 2)].T)
    let reference = try naiveMatmul(
      a[.all, .range(0, 5, step: 2)], b[.all, .range(0, 5, step: 2)].T)
    #expect(allClose(sliced.toDoubleArray(), reference.toDoubleArray(), tol: 1e-4))
  }

  @Test func vectorAndBatchedShapesFollowPyTorch() throws {
    let m = try Tensor.ones([2, 3])
    let v = try Tensor([1.0, 2.0, 3.0])
    #expect(try m.matmul(v).shape == [2])
    #expect(try Tensor.ones([2]).matmul(m).shape == [3])
    #expect(try v.matmul(v).shape == [])
    #expect(try v.matmul(v).item() == 14)
    let batch = try Tensor.ones([4, 2, 3])
    #expect(try batch.matmul(Tensor.ones([3, 5])).shape == [4, 2, 5])
    #expect(try Tensor.ones([1, 2, 3]).matmul(Tensor.ones([6, 3, 2])).shape == [6, 2, 2])
    #expect(try batch.matmul(v).toDoubleArray() == [Double](repeating: 6, count: 8))
  }

  @Test func doublePrecisionPath() throws {
    let a = try sample([5, 4])
    let b = try sample([4, 3], seed: 3)
    let fast = try a.matmul(b)
    #expect(fast.dtype == .float64)
    #expect(allClose(fast.toDoubleArray(), try naiveMatmul(a, b).toDoubleArray(), tol: 1e-12))
  }

  @Test func shapeErrorsNameBothShapes() throws {
    let message = errorMessage { try Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5])) }
    #expect(message?.hasPrefix("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)") == true)
    #expect(
      errorMessage { try Tensor.zeros([2, 3]).matmul(Tensor.zeros([3], dtype: .float64)) } != nil)
    #expect(errorMessage { try Tensor([1, 2]).matmul(Tensor([1, 2])) }?.contains("float") == true)
  }
}
