// Elementwise arithmetic, comparisons and activation functions, with broadcasting.
import Foundation

enum ArithmeticOp { case add, sub, mul, div }

extension NumericElement {
  @inline(__always) static func apply(_ op: ArithmeticOp, _ a: Self, _ b: Self) -> Self {
    switch op {
    case .add: return add(a, b)
    case .sub: return subtract(a, b)
    case .mul: return multiply(a, b)
    case .div: return divide(a, b)
    }
  }
}

/// The dtype a binary arithmetic op computes in: promoted, bool counts as int64, and true
/// division of integers gives float32 (as in PyTorch).
private func arithmeticDType(_ a: DType, _ b: DType, _ op: ArithmeticOp) -> DType {
  var dt = DType.promote(a, b)
  if dt == .bool { dt = .int64 }
  if op == .div && !dt.isFloatingPoint { dt = .float32 }
  return dt
}

@inline(__always)
private func arithmeticTyped<T: NumericElement>(
  _ a: Tensor, _ b: Tensor, _ shape: [Int], _ op: ArithmeticOp, _: T.Type
) throws -> Tensor {
  // One specialised loop per operator: the switch runs once, not per element.
  switch op {
  case .add: return try mapBinary(a, b, shape: shape, T.self) { T.add($0, $1) }
  case .sub: return try mapBinary(a, b, shape: shape, T.self) { T.subtract($0, $1) }
  case .mul: return try mapBinary(a, b, shape: shape, T.self) { T.multiply($0, $1) }
  case .div: return try mapBinary(a, b, shape: shape, T.self) { T.divide($0, $1) }
  }
}

/// `a op b` with broadcasting and type promotion, without autograd.
func arithmetic(_ a: Tensor, _ b: Tensor, _ op: ArithmeticOp, _ name: String) throws -> Tensor {
  let shape = try broadcastShapes(a.shape, b.shape, name)
  let dt = arithmeticDType(a.dtype, b.dtype, op)
  let x = try a.dtype == dt ? a : a.copyData(to: dt)
  let y = try b.dtype == dt ? b : b.copyData(to: dt)
  switch dt {
  case .float32: return try arithmeticTyped(x, y, shape, op, Float.self)
  case .float64: return try arithmeticTyped(x, y, shape, op, Double.self)
  default: return try arithmeticTyped(x, y, shape, op, Int64.self)
  }
}

extension Tensor {
  /// A 0-d tensor holding `value`, typed to combine with this tensor: this tensor's dtype when
  /// it is floating point; int64 for an integral value next to an integer tensor, else float32.
  func scalarOperand(_ value: Double) throws -> Tensor {
    let dt: DType
    if dtype.isFloatingPoint {
      dt = dtype
    } else {
      dt = value.rounded() == value && Swift.abs(value) < 9e18 ? .int64 : .float32
    }
    return try Tensor.full([], value: value, dtype: dt)
  }

  // MARK: Arithmetic

  /// `self + other` with broadcasting.
  public func add(_ other: Tensor) throws -> Tensor {
    let out = try arithmetic(self, other, .add, "add")
    return try record(out, .add(aShape: shape, bShape: other.shape), [self, other])
  }

  /// `self − other` with broadcasting.
  public func sub(_ other: Tensor) throws -> Tensor {
    let out = try arithmetic(self, other, .sub, "sub")
    return try record(out, .sub(aShape: shape, bShape: other.shape), [self, other])
  }

  /// `self · other` elementwise with broadcasting.
  public func mul(_ other: Tensor) throws -> Tensor {
    let out = try arithmetic(self, other, .mul, "mul")
    return try record(out, .mul(self, other), [self, other])
  }

  /// `self / other` elementwise with broadcasting (true division).
  public func div(_ other: Tensor) throws -> Tensor {
    let out = try arithmetic(self, other, .div, "div")
    return try record(out, .div(self, other), [self, other])
  }

  public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.add(b) }
  public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.sub(b) }
  public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.mul(b) }
  public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.div(b) }
  public static func + (a: Tensor, b: Double) throws -> Tensor { try a.add(a.scalarOperand(b)) }
  public static func - (a: Tensor, b: Double) throws -> Tensor { try a.sub(a.scalarOperand(b)) }
  public static func * (a: Tensor, b: Double) throws -> Tensor { try a.mul(a.scalarOperand(b)) }
  public static func / (a: Tensor, b: Double) throws -> Tensor { try a.div(a.scalarOperand(b)) }
  public static func + (a: Double, b: Tensor) throws -> Tensor { try b.scalarOperand(a).add(b) }
  public static func - (a: Double, b: Tensor) throws -> Tensor { try b.scalarOperand(a).sub(b) }
  public static func * (a: Double, b: Tensor) throws -> Tensor { try b.scalarOperand(a).mul(b) }
  public static func / (a: Double, b: Tensor) throws -> Tensor { try b.scalarOperand(a).div(b) }

  /// −self.
  public func neg() throws -> Tensor {
    let out: Tensor
    switch dtype {
    case .float32: out = try mapUnary(self, Float.self) { -$0 }
    case .float64: out = try mapUnary(self, Double.self) { -$0 }
    case .int64: out = try mapUnary(self, Int64.self) { 0 &- $0 }
    case .bool:
      throw TensorError(
        .dtypeMismatch, "negation is not supported on bool tensors; use logicalNot()")
    }
    return try record(out, .neg, [self])
  }

  public static prefix func - (x: Tensor) throws -> Tensor { try x.neg() }

  // MARK: Float functions

  /// Applies a float function, computing integer inputs in float32 (as PyTorch does).
  @inline(__always)
  func floatUnary(_ f32: (Float) -> Float, _ f64: (Double) -> Double) throws -> Tensor {
    switch dtype {
    case .float32: return try mapUnary(self, Float.self, f32)
    case .float64: return try mapUnary(self, Double.self, f64)
    default: return try mapUnary(copyData(to: .float32), Float.self, f32)
    }
  }

  /// Float32 contiguous tensors take an eight-lane loop; everything else the generic one.
  @inline(__always)
  func vectorUnary(
    _ vector: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
    _ f32: (Float) -> Float, _ f64: (Double) -> Double
  ) throws -> Tensor {
    guard dtype == .float32 else { return try floatUnary(f32, f64) }
    // A strided view is gathered first: one cheap copy beats a scalar transcendental per
    // element.
    let source = isContiguous ? self : try copyData(to: .float32)
    let out = try Tensor(empty: shape, dtype: .float32)
    vector(
      source.storage.typed(Float.self) + source.storageOffset, out.storage.typed(Float.self),
      count)
    return out
  }

  /// eˣ elementwise.
  public func exp() throws -> Tensor {
    let out = try vectorUnary(
      { FloatVector.exp($0, $1, count: $2) }, { fastExp($0) }, { Double.expValue($0) })
    return try record(out, .exp(out: out.detach()), [self])
  }

  /// Natural logarithm elementwise (−inf at 0, nan below).
  public func log() throws -> Tensor {
    let out = try floatUnary({ Float.logValue($0) }, { Double.logValue($0) })
    return try record(out, .log(self), [self])
  }

  /// Hyperbolic tangent elementwise.
  public func tanh() throws -> Tensor {
    let out = try vectorUnary(
      { FloatVector.tanh($0, $1, count: $2) }, { fastTanh($0) }, { Double.tanhValue($0) })
    return try record(out, .tanh(out: out.detach()), [self])
  }

  /// The logistic function σ(x) = 1 / (1 + e⁻ˣ) elementwise.
  public func sigmoid() throws -> Tensor {
    let out = try vectorUnary(
      { FloatVector.sigmoid($0, $1, count: $2) }, { fastSigmoid($0) },
      { 1 / (1 + Double.expValue(-$0)) })
    return try record(out, .sigmoid(out: out.detach()), [self])
  }

  /// max(x, 0) elementwise (NaN stays NaN).
  public func relu() throws -> Tensor {
    let out: Tensor
    switch dtype {
    case .int64: out = try mapUnary(self, Int64.self) { Swift.max($0, 0) }
    default: out = try floatUnary({ $0 > 0 || $0.isNaN ? $0 : 0 }, { $0 > 0 || $0.isNaN ? $0 : 0 })
    }
    return try record(out, .relu(out: out.detach()), [self])
  }

  /// √x elementwise.
  public func sqrt() throws -> Tensor {
    let out = try floatUnary({ $0.squareRoot() }, { $0.squareRoot() })
    return try record(out, .sqrt(out: out.detach()), [self])
  }

  /// xᵖ elementwise for a scalar exponent.
  public func pow(_ exponent: Double) throws -> Tensor {
    let out: Tensor
    if exponent == 2 {
      out = try floatUnary({ $0 * $0 }, { $0 * $0 })
    } else {
      let pf = Float(exponent)
      out = try floatUnary({ Float.powValue($0, pf) }, { Double.powValue($0, exponent) })
    }
    return try record(out, .pow(self, exponent: exponent), [self])
  }

  /// |x| elementwise.
  public func abs() throws -> Tensor {
    let out: Tensor
    switch dtype {
    case .int64: out = try mapUnary(self, Int64.self) { $0 < 0 ? 0 &- $0 : $0 }
    default: out = try floatUnary({ Swift.abs($0) }, { Swift.abs($0) })
    }
    return try record(out, .abs(self), [self])
  }

  /// −1, 0 or 1 elementwise (not differentiable: its derivative is 0 almost everywhere).
  public func sign() throws -> Tensor {
    try floatUnary({ $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
  }

  /// Limits every element to `[min, max]` (either bound may be omitted).
  public func clamp(min lo: Double? = nil, max hi: Double? = nil) throws -> Tensor {
    guard lo != nil || hi != nil else {
      throw TensorError(.invalidArgument, "clamp: at least one of min or max must be given")
    }
    let l = lo ?? -Double.infinity
    let h = hi ?? Double.infinity
    let lf = Float(l)
    let hf = Float(h)
    let out = try floatUnary(
      { Swift.min(Swift.max($0, lf), hf) }, { Swift.min(Swift.max($0, l), h) })
    return try record(out, .clamp(self, min: lo, max: hi), [self])
  }

  /// 1 where `lo ≤ x ≤ hi`, else 0 (the derivative of clamp).
  func clampMask(min lo: Double?, max hi: Double?) throws -> Tensor {
    let l = lo ?? -Double.infinity
    let h = hi ?? Double.infinity
    let lf = Float(l)
    let hf = Float(h)
    return try floatUnary({ $0 >= lf && $0 <= hf ? 1 : 0 }, { $0 >= l && $0 <= h ? 1 : 0 })
  }

  // MARK: Comparisons

  enum Comparison { case eq, ne, lt, le, gt, ge }

  @inline(__always)
  private func compareTyped<T: Comparable>(
    _ a: Tensor, _ b: Tensor, _ shape: [Int], _ c: Comparison, _: T.Type
  ) throws -> Tensor {
    switch c {
    case .eq: return try mapBinary(a, b, shape: shape, T.self) { $0 == $1 }
    case .ne: return try mapBinary(a, b, shape: shape, T.self) { $0 != $1 }
    case .lt: return try mapBinary(a, b, shape: shape, T.self) { $0 < $1 }
    case .le: return try mapBinary(a, b, shape: shape, T.self) { $0 <= $1 }
    case .gt: return try mapBinary(a, b, shape: shape, T.self) { $0 > $1 }
    case .ge: return try mapBinary(a, b, shape: shape, T.self) { $0 >= $1 }
    }
  }

  func compare(_ other: Tensor, _ c: Comparison) throws -> Tensor {
    let shape = try broadcastShapes(shape, other.shape, "comparison")
    var dt = DType.promote(dtype, other.dtype)
    if dt == .bool { dt = .int64 }
    let x = try dtype == dt ? self : copyData(to: dt)
    let y = try other.dtype == dt ? other : other.copyData(to: dt)
    switch dt {
    case .float32: return try compareTyped(x, y, shape, c, Float.self)
    case .float64: return try compareTyped(x, y, shape, c, Double.self)
    default: return try compareTyped(x, y, shape, c, Int64.self)
    }
  }

  /// Elementwise comparisons returning bool tensors (broadcasting).
  public func eq(_ other: Tensor) throws -> Tensor { try compare(other, .eq) }
  public func ne(_ other: Tensor) throws -> Tensor { try compare(other, .ne) }
  public func lt(_ other: Tensor) throws -> Tensor { try compare(other, .lt) }
  public func le(_ other: Tensor) throws -> Tensor { try compare(other, .le) }
  public func gt(_ other: Tensor) throws -> Tensor { try compare(other, .gt) }
  public func ge(_ other: Tensor) throws -> Tensor { try compare(other, .ge) }

  public static func .== (a: Tensor, b: Tensor) throws -> Tensor { try a.eq(b) }
  public static func .!= (a: Tensor, b: Tensor) throws -> Tensor { try a.ne(b) }
  public static func .< (a: Tensor, b: Tensor) throws -> Tensor { try a.lt(b) }
  public static func .<= (a: Tensor, b: Tensor) throws -> Tensor { try a.le(b) }
  public static func .> (a: Tensor, b: Tensor) throws -> Tensor { try a.gt(b) }
  public static func .>= (a: Tensor, b: Tensor) throws -> Tensor { try a.ge(b) }
  public static func .== (a: Tensor, b: Double) throws -> Tensor { try a.eq(a.scalarOperand(b)) }
  public static func .!= (a: Tensor, b: Double) throws -> Tensor { try a.ne(a.scalarOperand(b)) }
  public static func .< (a: Tensor, b: Double) throws -> Tensor { try a.lt(a.scalarOperand(b)) }
  public static func .<= (a: Tensor, b: Double) throws -> Tensor { try a.le(a.scalarOperand(b)) }
  public static func .> (a: Tensor, b: Double) throws -> Tensor { try a.gt(a.scalarOperand(b)) }
  public static func .>= (a: Tensor, b: Double) throws -> Tensor { try a.ge(a.scalarOperand(b)) }

  /// Elementwise logical not of a bool tensor (non-zero counts as true for other dtypes).
  public func logicalNot() throws -> Tensor {
    if dtype == .bool { return try mapUnary(self, Bool.self) { !$0 } }
    return try eq(scalarOperand(0))
  }

  /// `~x`: logical not of a bool tensor, bitwise not of an int64 one (in two's complement,
  /// ~n = −n − 1). Floats have no bits to flip, as in PyTorch.
  public func bitwiseNot() throws -> Tensor {
    switch dtype {
    case .bool: return try logicalNot()
    case .int64: return try mapUnary(self, Int64.self) { ~$0 }
    default:
      throw TensorError(
        .dtypeMismatch,
        "~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    }
  }
}
