import CKernels
import Foundation
import Testing

@testable import GradTensor

/// The AVX-512 GEMM in Sources/CKernels against a float64 triple loop, over the edges of its
/// blocking (12-row and 32-column strips, 256-deep and 144-row and 4096-column blocks), every
/// transpose, padded leading dimensions, and BLAS's alpha/beta rules.
@Suite struct OwnKernelTests {
  /// A deterministic matrix with entries in [−1, 1).
  static func matrix(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int64(bitPattern: state >> 11) % 2_000_000) / 1_000_000 - 1
    }
  }

  struct Case: CustomStringConvertible, Sendable {
    var m: Int, n: Int, k: Int
    var transA = false, transB = false
    var alpha: Float = 1, beta: Float = 0
    var pad = 0
    var description: String {
      "\(m)×\(n)×\(k) tA=\(transA) tB=\(transB) α=\(alpha) β=\(beta) pad=\(pad)"
    }
  }

  static let cases: [Case] = [
    Case(m: 1, n: 1, k: 1),
    Case(m: 12, n: 32, k: 256),
    Case(m: 13, n: 33, k: 257, transA: true),
    Case(m: 11, n: 31, k: 255, transB: true),
    Case(m: 145, n: 65, k: 300, transA: true, transB: true, alpha: 0.5, beta: 2),
    Case(m: 300, n: 200, k: 700, alpha: -1.5, beta: 1, pad: 3),
    Case(m: 20, n: 800, k: 200, transB: true, pad: 5),
    Case(m: 7, n: 4100, k: 40, transB: true, beta: 0.25),
    Case(m: 150, n: 17, k: 520, transA: true, pad: 1),
    Case(m: 40, n: 16, k: 100, transA: true, beta: -1),  // one strip of exactly 16 columns
    Case(m: 25, n: 48, k: 64, transB: true),  // a full strip, then 16 columns
    // Rows of B longer than 4096 floats are packed, strip by strip when m fits one block.
    Case(m: 20, n: 4200, k: 70, beta: 1),
    Case(m: 150, n: 4100, k: 30, alpha: 2),
  ]

  @Test(arguments: cases)
  func matchesFloat64Reference(_ c: Case) throws {
    guard cgemm_avx512_available() != 0 else {
      // Without AVX-512 the kernel must refuse and leave C alone; the product stays in BLAS.
      var out: [Float] = [1, 2]
      let status = out.withUnsafeMutableBufferPointer {
        cgemm_sgemm(0, 0, 1, 1, 1, 1, [3], 1, [4], 1, 0, $0.baseAddress, 1)
      }
      #expect(status == -1)
      #expect(out == [1, 2])
      return
    }
    // Stored shapes: A is m × k (or k × m when transposed), B is k × n (or n × k).
    let (aRows, aCols) = c.transA ? (c.k, c.m) : (c.m, c.k)
    let (bRows, bCols) = c.transB ? (c.n, c.k) : (c.k, c.n)
    let lda = aCols + c.pad
    let ldb = bCols + c.pad
    let ldc = c.n + c.pad
    let a = Self.matrix(aRows * lda, seed: 1)
    let b = Self.matrix(bRows * ldb, seed: 2)
    var out = Self.matrix(c.m * ldc, seed: 3)
    let before = out
    func opA(_ i: Int, _ p: Int) -> Double { Double(c.transA ? a[p * lda + i] : a[i * lda + p]) }
    func opB(_ p: Int, _ j: Int) -> Double { Double(c.transB ? b[j * ldb + p] : b[p * ldb + j]) }
    let status = out.withUnsafeMutableBufferPointer {
      cgemm_sgemm(
        c.transA ? 1 : 0, c.transB ? 1 : 0, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta,
        $0.baseAddress, ldc)
    }
    #expect(status == 0)
    var worst = 0.0
    for i in 0..<c.m {
      for j in 0..<c.n {
        var sum = 0.0
        for p in 0..<c.k { sum += opA(i, p) * opB(p, j) }
        let expected = Double(c.alpha) * sum + Double(c.beta) * Double(before[i * ldc + j])
        // float32 accumulation over k terms of size ≤ 1: error grows like √k·ε·(terms).
        let tolerance = 1e-5 * Double(c.k).squareRoot() * (1 + abs(expected))
        worst = max(worst, abs(Double(out[i * ldc + j]) - expected) / tolerance)
      }
      // The padding past column n belongs to nobody: it must be untouched.
      for j in c.n..<ldc { #expect(out[i * ldc + j] == before[i * ldc + j]) }
    }
    #expect(worst <= 1, "\(c): worst error \(worst) × tolerance")
  }

  @Test(.enabled(if: cgemm_avx512_available() != 0, "this processor has no AVX-512"))
  func betaZeroOverwritesNaNAndKZeroScales() throws {
    let a = Self.matrix(16 * 64, seed: 4)
    let b = Self.matrix(64 * 40, seed: 5)
    var out = [Float](repeating: .nan, count: 16 * 40)
    let status = out.withUnsafeMutableBufferPointer {
      cgemm_sgemm(0, 0, 16, 40, 64, 1, a, 64, b, 40, 0, $0.baseAddress, 40)
    }
    #expect(status == 0)
    #expect(out.allSatisfy { $0.isFinite })
    // k = 0: C ← βC and nothing else.
    var scaled: [Float] = [1, 2, 3, 4]
    _ = scaled.withUnsafeMutableBufferPointer {
      cgemm_sgemm(0, 0, 2, 2, 0, 1, a, 1, b, 2, 3, $0.baseAddress, 2)
    }
    #expect(scaled == [3, 6, 9, 12])
  }

  @Test func preferenceFromTheEnvironment() {
    #expect(BLAS.KernelPreference(environment: nil) == .automatic)
    #expect(BLAS.KernelPreference(environment: "BLAS") == .systemBLAS)
    #expect(BLAS.KernelPreference(environment: "own") == .own)
    #expect(BLAS.KernelPreference(environment: "fast please") == .automatic)
  }

  @Test func smallProductsStayInBLAS() {
    // Below the threshold the packing would cost more than it saves, whatever the preference.
    BLAS.prepare()
    #expect(!BLAS.usesOwnKernel(8, 8, 8))
    if BLAS.threadCount == 1, BLAS.kernelPreference == .automatic {
      #expect(BLAS.usesOwnKernel(128, 128, 128) == BLAS.ownKernelHelps)
    }
  }

  /// Copies `values` so that they end exactly where an unreadable page begins: a read one
  /// float past the matrix would crash the test.
  final class GuardedBuffer {
    let base: UnsafeMutableRawPointer
    let size: Int
    let pointer: UnsafeMutablePointer<Float>

    init?(_ values: [Float]) {
      let page = Int(sysconf(Int32(_SC_PAGESIZE)))
      let bytes = values.count * MemoryLayout<Float>.size
      let dataPages = (bytes + page - 1) / page
      size = (dataPages + 1) * page
      guard
        let region = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
        region != MAP_FAILED
      else { return nil }
      base = region
      guard mprotect(region + dataPages * page, page, PROT_NONE) == 0 else {
        munmap(region, size)
        return nil
      }
      pointer = (region + dataPages * page - bytes).bindMemory(
        to: Float.self, capacity: values.count)
      pointer.update(from: values, count: values.count)
    }

    deinit { munmap(base, size) }
  }

  @Test(
    .enabled(if: cgemm_avx512_available() != 0, "this processor has no AVX-512"),
    arguments: [(false, false), (true, false), (false, true), (true, true)])
  func readsNothingPastTheMatrices(transA: Bool, transB: Bool) throws {
    // 13 × 33 · 33 × 41: edge row strip, edge column strip, depth not a multiple of 16.
    let (m, n, k) = (13, 41, 33)
    let a = Self.matrix(m * k, seed: 7)
    let b = Self.matrix(k * n, seed: 8)
    let guardedA = try #require(GuardedBuffer(a))
    let guardedB = try #require(GuardedBuffer(b))
    var out = [Float](repeating: 0, count: m * n)
    let status = out.withUnsafeMutableBufferPointer {
      cgemm_sgemm(
        transA ? 1 : 0, transB ? 1 : 0, m, n, k, 1, guardedA.pointer, transA ? m : k,
        guardedB.pointer, transB ? k : n, 0, $0.baseAddress, n)
    }
    #expect(status == 0)
    let i = m - 1
    let j = n - 1
    var expected = 0.0
    for p in 0..<k {
      let x = transA ? a[p * m + i] : a[i * k + p]
      let y = transB ? b[j * k + p] : b[p * n + j]
      expected += Double(x) * Double(y)
    }
    #expect(abs(Double(out[i * n + j]) - expected) < 1e-4)
  }

  /// Operands one float past a 64-byte boundary, with B exactly one 32-column strip wide (its
  /// row stride then equals a packed strip's): nothing may assume the caller's alignment.
  @Test(
    .enabled(if: cgemm_avx512_available() != 0, "this processor has no AVX-512"),
    arguments: [(32, 40), (32, 32), (64, 64)])
  func misalignedOperands(n: Int, k: Int) throws {
    let m = 13
    let a = Self.matrix(m * k, seed: 9)
    let b = Self.matrix(k * n, seed: 10)
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: (m * k + k * n + m * n + 3) * 4 + 64, alignment: 64)
    defer { raw.deallocate() }
    let base = raw.bindMemory(to: Float.self, capacity: m * k + k * n + m * n + 3 + 16)
    let pa = base + 1
    let pb = pa + m * k + 1
    let pc = pb + k * n + 1
    pa.update(from: a, count: m * k)
    pb.update(from: b, count: k * n)
    #expect(Int(bitPattern: pb) % 64 != 0)
    let status = cgemm_sgemm(0, 0, m, n, k, 1, pa, k, pb, n, 0, pc, n)
    #expect(status == 0)
    var worst = 0.0
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
        worst = max(worst, abs(Double(pc[i * n + j]) - sum))
      }
    }
    #expect(worst < 1e-4)
  }
}
