import Testing

@testable import GradTensor

/// The glue fused kernels use: typed pointers into tensors, tensors from buffers, bias sums,
/// scratch buffers and the BLAS size guard.
@Suite struct RawBufferTests {
  @Test func elementsPointAtTheFirstElementOfAContiguousTensor() throws {
    let t = try Tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape: [2, 3], dtype: .float64)
    let row = try t[1]
    let p = try row.elements(Double.self)
    #expect(p[0] == 4 && p[2] == 6)
    #expect(try Tensor.from(UnsafePointer(p), shape: [3]).toDoubleArray() == [4, 5, 6])
  }

  @Test func elementsRefuseTheWrongDtypeAndStridedViews() throws {
    let t = try Tensor([1.0, 2.0, 3.0, 4.0], shape: [2, 2], dtype: .float64)
    #expect(
      errorMessage { try t.elements(Float.self) }
        == "a fused kernel expected torch.float32 but got torch.float64")
    #expect(
      errorMessage { try t.T.elements(Double.self) } == "a fused kernel needs a contiguous tensor")
  }

  @Test func rowSumIsTheBiasGradient() throws {
    let g: [Float] = [1, 2, 3, 10, 20, 30]
    let sum = try g.withUnsafeBufferPointer { buffer in
      try rowSum(try #require(buffer.baseAddress), rows: 2, columns: 3)
    }
    #expect(sum.dtype == .float32)
    #expect(sum.toDoubleArray() == [11, 22, 33])
  }

  @Test func scratchBuffersStartAtZeroUnlessAskedNotTo() {
    let buffer = ScratchBuffer<Double>(count: 5000)
    #expect((0..<5000).allSatisfy { buffer.pointer[$0] == 0 })
    #expect(ScratchBuffer<Float>(count: 0).count == 0)
  }

  @Test func blasSizesBeyond32BitsAreAnError() throws {
    try checkBLASSizes(1, 2, Int(Int32.max))
    let message = errorMessage { try checkBLASSizes(3, Int(Int32.max) + 1) }
    #expect(message?.hasPrefix("a matrix dimension of 2147483648 is beyond what BLAS") == true)
  }

  @Test func kernelScalarGemmIsBLAS() throws {
    // [1 2; 3 4] · [5 6; 7 8]ᵀ = [17 23; 39 53]
    let a: [Double] = [1, 2, 3, 4]
    let b: [Double] = [5, 6, 7, 8]
    var c = [Double](repeating: 0, count: 4)
    Double.gemm(
      transA: false, transB: true, m: 2, n: 2, k: 2, alpha: 1, a: a, lda: 2, b: b, ldb: 2,
      beta: 0, c: &c, ldc: 2)
    #expect(c == [17, 23, 39, 53])
    #expect(Float.dtype == .float32 && Double.dtype == .float64)
  }
}
