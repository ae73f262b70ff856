// Rounding and the remainder. Rounding is flat almost everywhere, so its derivative is 0
// (PyTorch records it with a zero gradient, and so does this engine); the remainder is
//
//   a mod b = a − ⌊a/b⌋·b        (the sign of the divisor, Python's %)
//
// whose derivatives are 1 for a and −⌊a/b⌋ for b.

import Foundation

extension Tensor {
  /// ⌊x⌋ elementwise (integers are their own floor).
  public func floor() throws -> Tensor {
    if !dtype.isFloatingPoint { return try clone() }
    let out = try floatUnary({ $0.rounded(.down) }, { $0.rounded(.down) })
    return try recordedFlat(out, "FloorBackward0")
  }

  /// ⌈x⌉ elementwise (integers are their own ceiling).
  public func ceil() throws -> Tensor {
    if !dtype.isFloatingPoint { return try clone() }
    let out = try floatUnary({ $0.rounded(.up) }, { $0.rounded(.up) })
    return try recordedFlat(out, "CeilBackward0")
  }

  /// x rounded to `decimals` places, halves to even (`torch.round`):
  ///
  /// ```
  /// round(x, d) = round(x · 10^d) / 10^d
  /// ```
  public func round(decimals: Int = 0) throws -> Tensor {
    if !dtype.isFloatingPoint && decimals >= 0 { return try clone() }
    let source = dtype.isFloatingPoint ? self : try to(.float32)
    let scale = Foundation.pow(10.0, Double(decimals))
    let out: Tensor
    if decimals == 0 {
      out = try source.floatUnary(
        { $0.rounded(.toNearestOrEven) }, { $0.rounded(.toNearestOrEven) })
    } else {
      let fscale = Float(scale)
      out = try source.floatUnary(
        { ($0 * fscale).rounded(.toNearestOrEven) / fscale },
        { ($0 * scale).rounded(.toNearestOrEven) / scale })
    }
    return try recordedFlat(out, "RoundBackward\(decimals == 0 ? 0 : 1)")
  }

  /// The remainder of `self / divisor` with the sign of the divisor (`torch.remainder`).
  public func remainder(_ divisor: Tensor) throws -> Tensor {
    if !dtype.isFloatingPoint && !divisor.dtype.isFloatingPoint {
      let a = try to(.float64)
      let b = try divisor.to(.float64)
      return try (a - (a / b).floor() * b).to(.int64)
    }
    let dtype: DType = self.dtype == .float64 || divisor.dtype == .float64 ? .float64 : .float32
    let shape = try broadcastShapes(self.shape, divisor.shape, "remainder")
    let a = try to(dtype).detach().expand(shape).contiguous().toDoubleArray()
    let b = try divisor.to(dtype).detach().expand(shape).contiguous().toDoubleArray()
    // fmod keeps the dividend's sign (and a signed zero); one divisor added where the signs
    // differ gives the divisor's sign. The quotient ⌊a/b⌋ is the slope for b.
    var values = [Double](repeating: 0, count: a.count)
    var quotients = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count {
      var r = fmod(a[i], b[i])
      if r != 0 && ((r < 0) != (b[i] < 0)) { r += b[i] }
      values[i] = r
      quotients[i] = ((a[i] - r) / b[i]).rounded()
    }
    let out = try Tensor(values, shape: shape, dtype: dtype)
    guard (requiresGrad || divisor.requiresGrad) && GradMode.isEnabled else { return out }
    let q = try Tensor(quotients, shape: shape, dtype: dtype)
    return try out.recorded(
      by: RemainderBackward(quotient: q, shapeA: self.shape, shapeB: divisor.shape),
      inputs: [self, divisor])
  }

  /// `out`, recorded (when autograd records this tensor) as a node whose gradient is zero.
  private func recordedFlat(_ out: Tensor, _ name: String) throws -> Tensor {
    guard requiresGrad && GradMode.isEnabled else { return out }
    return try out.recorded(by: ZeroGradientBackward(name: name, shape: shape), inputs: [self])
  }
}

/// The backward pass of `a mod b = a − q·b` with q = ⌊a/b⌋ held constant: g for a and −q·g
/// for b, each summed back over the dimensions it was broadcast along.
struct RemainderBackward: CustomBackward {
  let quotient: Tensor
  let shapeA: [Int]
  let shapeB: [Int]
  var name: String { "RemainderBackward0" }
  var savesTensors: Bool { false }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    [
      needs[0] ? try g.sumToShape(shapeA).clone() : nil,
      needs[1] ? try (g * quotient).neg().sumToShape(shapeB) : nil,
    ]
  }
}

/// The backward pass of a piecewise constant function: zero everywhere.
struct ZeroGradientBackward: CustomBackward {
  let name: String
  let shape: [Int]
  var savesTensors: Bool { false }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] {
    [needs[0] ? try Tensor.zeros(shape, dtype: g.dtype) : nil]
  }
}
