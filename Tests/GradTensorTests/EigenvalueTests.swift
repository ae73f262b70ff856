import Foundation
import Testing

@testable import GradTensor

/// Eigenvalues of general real matrices: Hessenberg reduction, then Francis double-shift QR.
@Suite struct EigenvalueTests {
  /// The eigenvalues of a float64 n × n matrix as (real, imaginary) pairs.
  func eigenvalues(_ values: [Double], _ n: Int) throws -> [(Double, Double)] {
    let z = try Tensor(values, shape: [n, n], dtype: .float64).eigenvalues()
    return Array(zip(try z.real.toDoubleArray(), try z.imag.toDoubleArray()))
  }

  /// Whether two lists of complex numbers are the same multiset, each within `tol`.
  func sameMultiset(_ a: [(Double, Double)], _ b: [(Double, Double)], tol: Double) -> Bool {
    guard a.count == b.count else { return false }
    var unused = b
    for (x, y) in a {
      guard
        let k = unused.indices.min(by: {
          hypot(unused[$0].0 - x, unused[$0].1 - y) < hypot(unused[$1].0 - x, unused[$1].1 - y)
        }), hypot(unused[k].0 - x, unused[k].1 - y) <= tol
      else { return false }
      unused.remove(at: k)
    }
    return true
  }

  @Test func diagonalMatrixGivesItsDiagonalInOrder() throws {
    let got = try eigenvalues([3, 0, 0, 0, 1, 0, 0, 0, 2], 3)
    #expect(got.map(\.0) == [3, 1, 2])
    #expect(got.map(\.1) == [0, 0, 0])
  }

  @Test func upperTriangularMatrixGivesItsDiagonalInOrder() throws {
    let got = try eigenvalues([1, 2, 3, 0, 5, 6, 0, 0, -2], 3)
    #expect(got.map(\.0) == [1, 5, -2])
  }

  @Test func lowerTriangularMatrixGivesItsDiagonal() throws {
    let got = try eigenvalues([1, 0, 0, 2, 5, 0, 3, 4, -2], 3)
    #expect(sameMultiset(got, [(1, 0), (5, 0), (-2, 0)], tol: 1e-12))
  }

  @Test func rotationHasTheConjugatePairCosPlusMinusISin() throws {
    // R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]] turns every vector: no real eigenvector,
    // eigenvalues e^{±iθ}, positive imaginary part first.
    let theta = 0.7
    let got = try eigenvalues([cos(theta), -sin(theta), sin(theta), cos(theta)], 2)
    #expect(abs(got[0].0 - cos(theta)) < 1e-15 && abs(got[0].1 - sin(theta)) < 1e-15)
    #expect(abs(got[1].0 - cos(theta)) < 1e-15 && abs(got[1].1 + sin(theta)) < 1e-15)
  }

  @Test func rotationInsideALargerMatrixKeepsItsPair() throws {
    // Block diagonal diag(2, R(π/4)·√2) moved by a similarity: eigenvalues 2 and 1 ± i.
    let q = [1.0, 2, 0, 0, 1, 3, 1, 0, 1]  // det 7
    let qInverse = [1, -2, 6, 3, 1, -3, -1, 2, 1].map { Double($0) / 7 }
    let block = [2.0, 0, 0, 0, 1, -1, 0, 1, 1]
    let a = multiply(multiply(q, block, 3), qInverse, 3)
    let got = try eigenvalues(a, 3)
    #expect(sameMultiset(got, [(2, 0), (1, 1), (1, -1)], tol: 1e-12))
  }

  @Test func companionMatrixHasThePolynomialsRoots() throws {
    // p(x) = (x − 1)(x − 2)(x − 3)(x² + 1) = x⁵ − 6x⁴ + 12x³ − 12x² + 11x − 6: the
    // companion matrix (ones on the subdiagonal, −coefficients in the last column) has
    // characteristic polynomial p.
    let coefficients = [-6.0, 11, -12, 12, -6]  // c₀ … c₄ of x⁵ + c₄x⁴ + … + c₀
    let n = 5
    var a = [Double](repeating: 0, count: n * n)
    for i in 1..<n { a[i * n + i - 1] = 1 }
    for i in 0..<n { a[i * n + n - 1] = -coefficients[i] }
    let got = try eigenvalues(a, n)
    #expect(sameMultiset(got, [(1, 0), (2, 0), (3, 0), (0, 1), (0, -1)], tol: 1e-9))
  }

  @Test func randomMatricesKeepTraceAndDeterminant() throws {
    // Σλ = trace A and Πλ = det A, for real and complex eigenvalues alike.
    for (seed, n) in [(1, 4), (2, 7), (3, 12), (4, 25), (5, 40)] as [(UInt64, Int)] {
      let a = try sample([n, n], seed: seed).toDoubleArray()
      let got = try eigenvalues(a, n)
      let trace = (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] }
      let sum = got.reduce(0.0) { $0 + $1.0 }
      let imaginarySum = got.reduce(0.0) { $0 + $1.1 }
      var product = (1.0, 0.0)
      for (x, y) in got { product = (product.0 * x - product.1 * y, product.0 * y + product.1 * x) }
      let det = determinant(a, n)
      #expect(abs(sum - trace) < 1e-10 * Double(n), "n = \(n)")
      #expect(abs(imaginarySum) < 1e-10, "n = \(n)")
      #expect(abs(product.0 - det) < 1e-9 * max(1, abs(det)), "n = \(n): \(product.0) vs \(det)")
      #expect(abs(product.1) < 1e-9 * max(1, abs(det)), "n = \(n)")
    }
  }

  @Test func eachEigenvalueMakesTheShiftedMatrixSingular() throws {
    // det(A − λI) = 0: the smallest singular value of A − λI (as a real 2n × 2n matrix
    // [[A − xI, yI], [−yI, A − xI]] for λ = x + iy) vanishes.
    let n = 6
    let a = try sample([n, n], seed: 11).toDoubleArray()
    for (x, y) in try eigenvalues(a, n) {
      var m = [Double](repeating: 0, count: 4 * n * n)
      for i in 0..<n {
        for j in 0..<n {
          let v = a[i * n + j] - (i == j ? x : 0)
          m[i * 2 * n + j] = v
          m[(i + n) * 2 * n + j + n] = v
        }
        m[i * 2 * n + i + n] = y
        m[(i + n) * 2 * n + i] = -y
      }
      let sigma = try Tensor(m, shape: [2 * n, 2 * n], dtype: .float64).singularValues()
      #expect(try sigma.toDoubleArray().min() ?? 1 < 1e-7, "λ = \(x) + \(y)i")
    }
  }

  @Test func batchesGiveOneRowOfEigenvaluesPerMatrix() throws {
    let a = try Tensor(
      [2, 0, 0, 3, 0, -1, 1, 0], shape: [2, 2, 2], dtype: .float32)
    let z = try a.eigenvalues()
    #expect(z.shape == [2, 2])
    #expect(z.real.dtype == .float32)
    #expect(try z.real.toDoubleArray() == [2, 3, 0, 0])
    #expect(try z.imag.toDoubleArray() == [0, 0, 1, -1])
  }

  @Test func emptyAndOneByOneMatrices() throws {
    #expect(try Tensor([Double](), shape: [0, 0], dtype: .float64).eigenvalues().shape == [0])
    #expect(try eigenvalues([-4], 1).map(\.0) == [-4])
  }

  @Test func errorsUsePyTorchsWording() {
    #expect(
      errorMessage { try Tensor([1.0, 2, 3], shape: [3]).eigenvalues() }
        == "linalg.eigvals: The input tensor A must have at least 2 dimensions.")
    #expect(
      errorMessage { try Tensor.zeros([2, 3]).eigenvalues() }
        == "linalg.eigvals: A must be batches of square matrices, but they are 2 by 3 matrices")
    #expect(
      errorMessage { try Tensor([1, 2, 3, 4], shape: [2, 2], dtype: .int64).eigenvalues() }
        == "linalg.eigvals: Expected a floating point or complex tensor as input. Got Long")
    #expect(
      errorMessage { try Tensor([1, .nan, 0, 1], shape: [2, 2]).eigenvalues() }
        == "linalg.eigvals: input tensor should not contain infs or NaNs.")
  }

  @Test func complexPrintingFollowsPyTorch() throws {
    func complex(_ x: [Double], _ y: [Double], _ dtype: DType = .float32) throws -> String {
      try ComplexTensor(
        real: Tensor(x, shape: [x.count], dtype: dtype),
        imag: Tensor(y, shape: [y.count], dtype: dtype)
      ).description
    }
    #expect(try complex([3, 1, 2], [0, 0, 0]) == "tensor([3.+0.j, 1.+0.j, 2.+0.j])")
    #expect(
      try complex([0, 0], [1, -1], .float64) == "tensor([0.+1.j, 0.-1.j], dtype=torch.complex128)")
    #expect(
      try complex([-1, -1, 2], [1.189207, -1.189207, 0])
        == "tensor([-1.+1.1892j, -1.-1.1892j,  2.+0.0000j])")
    #expect(
      try complex([1, -3.5, 1e-5], [2, -0.25, 1])
        == "tensor([ 1.0000e+00+2.0000j, -3.5000e+00-0.2500j,  1.0000e-05+1.0000j])")
    #expect(try complex([], []) == "tensor([], dtype=torch.complex64)")
  }
}

/// The n × n product a·b.
private func multiply(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
  var c = [Double](repeating: 0, count: n * n)
  for i in 0..<n {
    for k in 0..<n { for j in 0..<n { c[i * n + j] += a[i * n + k] * b[k * n + j] } }
  }
  return c
}

/// det a by Gaussian elimination with partial pivoting.
private func determinant(_ a: [Double], _ n: Int) -> Double {
  var m = a
  var det = 1.0
  for c in 0..<n {
    guard let p = (c..<n).max(by: { abs(m[$0 * n + c]) < abs(m[$1 * n + c]) }), m[p * n + c] != 0
    else { return 0 }
    if p != c {
      for j in 0..<n { m.swapAt(p * n + j, c * n + j) }
      det = -det
    }
    det *= m[c * n + c]
    for r in (c + 1)..<n {
      let f = m[r * n + c] / m[c * n + c]
      for j in c..<n { m[r * n + j] -= f * m[c * n + j] }
    }
  }
  return det
}
