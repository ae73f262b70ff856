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
}
