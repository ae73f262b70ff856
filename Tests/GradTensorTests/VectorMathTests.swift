import Foundation
import Testing

@testable import GradTensor

/// The float32 exp, σ and tanh of the fused kernels (`S.tanh(_:count:)`, `S.sigmoid(_:count:)`,
/// FloatVector: sixteen lanes on AVX-512, eight otherwise) against Foundation in Double.
@Suite struct VectorMathTests {
  /// −30 … 30 in steps that hit tiny, small, medium and saturated arguments, plus a few
  /// extreme values.
  static let inputs: [Float] =
    stride(from: -30.0, through: 30.0, by: 0.0137).map { Float($0) }
    + [0, 1e-8, -1e-8, 1e-4, 0.0624, 0.0626, -0.0625, 87, -87, 100, -100, 1e30, -1e30]

  @Test func tanhMatchesFoundation() {
    var values = Self.inputs
    let count = values.count
    values.withUnsafeMutableBufferPointer { Float.tanh($0.baseAddress!, count: count) }
    var worst = 0.0
    for (x, t) in zip(Self.inputs, values) {
      let exact = Foundation.tanh(Double(x))
      worst = max(worst, Swift.abs(Double(t) - exact) / max(Swift.abs(exact), 1e-30))
    }
    #expect(worst < 1e-6)
  }

  @Test func sigmoidMatchesFoundation() {
    var values = Self.inputs
    let count = values.count
    values.withUnsafeMutableBufferPointer { Float.sigmoid($0.baseAddress!, count: count) }
    var worst = 0.0
    for (x, s) in zip(Self.inputs, values) where Swift.abs(x) <= 80 {
      let exact = 1 / (1 + Foundation.exp(-Double(x)))
      worst = max(worst, Swift.abs(Double(s) - exact) / exact)
    }
    #expect(worst < 1e-6)
    #expect(values.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
  }

  @Test func expMatchesFoundation() {
    var values = Self.inputs
    let count = values.count
    values.withUnsafeMutableBufferPointer {
      FloatVector.exp($0.baseAddress!, $0.baseAddress!, count: count)
    }
    var worst = 0.0
    for (x, e) in zip(Self.inputs, values) where Swift.abs(x) <= 80 {
      let exact = Foundation.exp(Double(x))
      worst = max(worst, Swift.abs(Double(e) - exact) / exact)
    }
    #expect(worst < 1e-6)
  }
}
