import CKernels
import Foundation
import Testing

@testable import GradTensor

@Suite struct FastMathTests {
  /// Relative error against the C library in Double, over a sweep that crosses every branch.
  @Test func singlePrecisionExpTanhSigmoidAreAccurate() throws {
    var worstExp = 0.0
    var worstTanh = 0.0
    var worstSigmoid = 0.0
    var x = -30.0
    while x <= 30 {
      let f = Float(x)
      let d = Double(f)
      worstExp = Swift.max(
        worstExp, Swift.abs(Double(fastExp(f)) - Foundation.exp(d)) / Foundation.exp(d))
      let t = Foundation.tanh(d)
      if t != 0 {
        worstTanh = Swift.max(worstTanh, Swift.abs(Double(fastTanh(f)) - t) / Swift.abs(t))
      }
      let s = 1 / (1 + Foundation.exp(-d))
      worstSigmoid = Swift.max(worstSigmoid, Swift.abs(Double(fastSigmoid(f)) - s) / s)
      x += 0.001_37
    }
    #expect(worstExp < 5e-7)
    #expect(worstTanh < 5e-7)
    #expect(worstSigmoid < 5e-7)
    #expect(fastExp(-100) == 0)
    #expect(fastExp(.nan).isNaN)
    #expect(fastTanh(.nan).isNaN)
    #expect(fastTanh(50) == 1)
    #expect(fastTanh(-1e-6) == -1e-6)
  }

  /// The sixteen-lane exponential in CKernels against the C library and against the eight-lane
  /// Swift path, over every branch: the clamp, underflow, NaN, the sum, and odd row lengths.
  @Test(.enabled(if: cgemm_avx512_available() != 0, "this processor has no AVX-512"))
  func avx512RowExponentialsMatchTheSwiftPath() throws {
    var values: [Float] = stride(from: -95.0, through: 95.0, by: 0.0137).map { Float($0) }
    values += [0, -0, -87, 88, 89, -88, .infinity, -.infinity, .leastNormalMagnitude]
    for n in [values.count, 1, 15, 17, 33] {
      let row = Array(values.prefix(n))
      var fast = [Float](repeating: 0, count: n)
      var eight = [Float](repeating: 0, count: n)
      var sum: Float = 0
      let status = cexp_shifted_sum(row, &fast, n, 1.5, &sum)
      #expect(status == 0)
      let eightSum = row.withUnsafeBufferPointer { r in
        eight.withUnsafeMutableBufferPointer {
          expRowStoreEight(r.baseAddress!, $0.baseAddress!, n, 1.5)
        }
      }
      var worst = 0.0
      for j in 0..<n {
        // x as the kernel sees it: the float difference (its rounding is not the kernel's).
        let x = Double(row[j] - 1.5)
        if x.isNaN {
          #expect(fast[j].isNaN)
          continue
        }
        let exact = x < -87 ? 0 : Foundation.exp(min(x, 88))
        if exact == 0 {
          #expect(fast[j] == 0)
        } else {
          worst = max(worst, abs(Double(fast[j]) - exact) / exact)
        }
        // The two paths: the same formula, fused multiply-adds against separate ones.
        #expect(abs(fast[j] - eight[j]) <= 4 * eight[j].ulp, "x = \(x)")
      }
      #expect(worst < 5e-7)
      if eightSum.isFinite {
        #expect(abs(sum - eightSum) <= 1e-5 * eightSum)
      } else {
        #expect(sum == eightSum)  // e^88 a few thousand times overflows both sums alike
      }
    }
    // NaN in, NaN out; the sum is NaN too.
    var out: [Float] = [0, 0]
    var sum: Float = 0
    _ = cexp_shifted_sum([.nan, 1], &out, 2, 0, &sum)
    #expect(out[0].isNaN && sum.isNaN)
  }

  /// FloatVector's sixteen-lane exp, tanh and σ against the eight-lane Swift functions they
  /// mirror, in place and out of place, over every branch and odd lengths.
  @Test(.enabled(if: cgemm_avx512_available() != 0, "this processor has no AVX-512"))
  func wideFunctionsMatchTheEightLanePath() {
    var inputs: [Float] = stride(from: -100.0, through: 100.0, by: 0.0173).map { Float($0) }
    inputs += [0, -0, 0.3999, 0.4, -0.4001, 1e-7, 10, -10, 11, .nan, .infinity, -.infinity]
    typealias Wide = (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    let cases: [(String, Wide, (Float8) -> Float8, (Float) -> Float)] = [
      ("exp", { FloatVector.exp($0, $1, count: $2) }, { fastExp8($0) }, { fastExp($0) }),
      ("tanh", { FloatVector.tanh($0, $1, count: $2) }, { fastTanh8($0) }, { fastTanh($0) }),
      (
        "sigmoid", { FloatVector.sigmoid($0, $1, count: $2) }, { fastSigmoid8($0) },
        { fastSigmoid($0) }
      ),
    ]
    for (name, wide, eight, scalar) in cases {
      for n in [inputs.count, 1, 16, 31] {
        let x = Array(inputs.suffix(n))
        var fast = [Float](repeating: 0, count: n)
        var reference = [Float](repeating: 0, count: n)
        var inPlace = x
        x.withUnsafeBufferPointer { src in
          fast.withUnsafeMutableBufferPointer { wide(src.baseAddress!, $0.baseAddress!, n) }
          reference.withUnsafeMutableBufferPointer {
            FloatVector.eightLanes(eight, scalar, src.baseAddress!, $0.baseAddress!, count: n)
          }
        }
        inPlace.withUnsafeMutableBufferPointer {
          wide($0.baseAddress!, $0.baseAddress!, n)
        }
        for j in 0..<n {
          if reference[j].isNaN {
            #expect(fast[j].isNaN, "\(name)(\(x[j]))")
            continue
          }
          let close =
            abs(fast[j] - reference[j]) <= 4 * max(reference[j].ulp, Float.leastNormalMagnitude)
          #expect(close, "\(name)(\(x[j])): \(fast[j]) against \(reference[j])")
          #expect(inPlace[j] == fast[j])
        }
      }
    }
  }
}
