// Element types and the protocols the kernels are written against.
import Foundation

/// The element type of a tensor. `float32` is the default, like PyTorch.
public enum DType: String, Sendable, CaseIterable {
  case float32
  case float64
  case int64
  case bool

  /// Bytes per element.
  public var byteSize: Int {
    switch self {
    case .float32: return 4
    case .float64: return 8
    case .int64: return 8
    case .bool: return 1
    }
  }

  /// Whether the type is a floating point type (the only kind that can require gradients).
  public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

  /// PyTorch's name for the type, as printed in `dtype=torch.float64`.
  public var torchName: String {
    switch self {
    case .float32: return "torch.float32"
    case .float64: return "torch.float64"
    case .int64: return "torch.int64"
    case .bool: return "torch.bool"
    }
  }

  /// PyTorch's scalar-type name, as its messages spell it ("result type Float can't be cast
  /// to the desired output type Long").
  public var scalarTypeName: String {
    switch self {
    case .float32: return "Float"
    case .float64: return "Double"
    case .int64: return "Long"
    case .bool: return "Bool"
    }
  }

  /// Whether an in-place operation may store a `result` of this type into a tensor of
  /// `target`'s type: float64 may narrow to float32, but a float never becomes an integer and
  /// an integer never becomes a bool (PyTorch's same-kind rule).
  public func canCastInPlace(to target: DType) -> Bool {
    func kind(_ d: DType) -> Int { d == .bool ? 0 : (d.isFloatingPoint ? 2 : 1) }
    return kind(self) <= kind(target)
  }

  /// The type both operands are converted to in a binary operation (PyTorch's promotion:
  /// bool < int64 < float32 < float64).
  static func promote(_ a: DType, _ b: DType) -> DType {
    func rank(_ d: DType) -> Int {
      switch d {
      case .bool: return 0
      case .int64: return 1
      case .float32: return 2
      case .float64: return 3
      }
    }
    return rank(a) >= rank(b) ? a : b
  }
}

/// A type that can be stored in a tensor.
protocol TensorElement {
  static var dtype: DType { get }
  init(fromDouble value: Double)
  var doubleValue: Double { get }
}

/// Element types with arithmetic (float32, float64, int64). Integer arithmetic wraps on
/// overflow instead of trapping.
protocol NumericElement: TensorElement, Comparable {
  static var zeroValue: Self { get }
  static var oneValue: Self { get }
  static func add(_ a: Self, _ b: Self) -> Self
  static func subtract(_ a: Self, _ b: Self) -> Self
  static func multiply(_ a: Self, _ b: Self) -> Self
  static func negate(_ a: Self) -> Self
  static func divide(_ a: Self, _ b: Self) -> Self
  var isNaNElement: Bool { get }
}

/// Floating point element types: the math functions the kernels call.
protocol FloatElement: NumericElement, BinaryFloatingPoint {
  static func expValue(_ x: Self) -> Self
  static func logValue(_ x: Self) -> Self
  static func tanhValue(_ x: Self) -> Self
  static func sqrtValue(_ x: Self) -> Self
  static func powValue(_ x: Self, _ y: Self) -> Self
}

extension Float: FloatElement {
  /// float32 tensors hold `Float`.
  public static var dtype: DType { .float32 }
  init(fromDouble value: Double) { self = Float(value) }
  var doubleValue: Double { Double(self) }
  static var zeroValue: Float { 0 }
  static var oneValue: Float { 1 }
  @inline(__always) static func add(_ a: Float, _ b: Float) -> Float { a + b }
  @inline(__always) static func subtract(_ a: Float, _ b: Float) -> Float { a - b }
  @inline(__always) static func multiply(_ a: Float, _ b: Float) -> Float { a * b }
  @inline(__always) static func negate(_ a: Float) -> Float { -a }
  @inline(__always) static func divide(_ a: Float, _ b: Float) -> Float { a / b }
  var isNaNElement: Bool { isNaN }
  @inline(__always) static func expValue(_ x: Float) -> Float { fastExp(x) }
  @inline(__always) static func logValue(_ x: Float) -> Float { Foundation.log(x) }
  @inline(__always) static func tanhValue(_ x: Float) -> Float { fastTanh(x) }
  @inline(__always) static func sqrtValue(_ x: Float) -> Float { x.squareRoot() }
  @inline(__always) static func powValue(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
}

extension Double: FloatElement {
  /// float64 tensors hold `Double`.
  public static var dtype: DType { .float64 }
  init(fromDouble value: Double) { self = value }
  var doubleValue: Double { self }
  static var zeroValue: Double { 0 }
  static var oneValue: Double { 1 }
  @inline(__always) static func add(_ a: Double, _ b: Double) -> Double { a + b }
  @inline(__always) static func subtract(_ a: Double, _ b: Double) -> Double { a - b }
  @inline(__always) static func multiply(_ a: Double, _ b: Double) -> Double { a * b }
  @inline(__always) static func negate(_ a: Double) -> Double { -a }
  @inline(__always) static func divide(_ a: Double, _ b: Double) -> Double { a / b }
  var isNaNElement: Bool { isNaN }
  @inline(__always) static func expValue(_ x: Double) -> Double { Foundation.exp(x) }
  @inline(__always) static func logValue(_ x: Double) -> Double { Foundation.log(x) }
  @inline(__always) static func tanhValue(_ x: Double) -> Double { Foundation.tanh(x) }
  @inline(__always) static func sqrtValue(_ x: Double) -> Double { x.squareRoot() }
  @inline(__always) static func powValue(_ x: Double, _ y: Double) -> Double {
    Foundation.pow(x, y)
  }
}

extension Int64: NumericElement {
  static var dtype: DType { .int64 }
  /// Saturating conversion: NaN becomes 0 and out-of-range values clamp, never trap.
  init(fromDouble value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= 9.223_372_036_854_775_807e18 {
      self = .max
    } else if value <= -9.223_372_036_854_775_808e18 {
      self = .min
    } else {
      self = Int64(value.rounded(.towardZero))
    }
  }
  var doubleValue: Double { Double(self) }
  static var zeroValue: Int64 { 0 }
  static var oneValue: Int64 { 1 }
  @inline(__always) static func add(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
  @inline(__always) static func subtract(_ a: Int64, _ b: Int64) -> Int64 { a &- b }
  @inline(__always) static func multiply(_ a: Int64, _ b: Int64) -> Int64 { a &* b }
  @inline(__always) static func negate(_ a: Int64) -> Int64 { 0 &- a }
  /// Truncating division; division by zero gives 0 instead of trapping.
  @inline(__always) static func divide(_ a: Int64, _ b: Int64) -> Int64 {
    b == 0 || (b == -1 && a == .min) ? 0 : a / b
  }
  var isNaNElement: Bool { false }
}

extension Bool: TensorElement {
  static var dtype: DType { .bool }
  init(fromDouble value: Double) { self = value != 0 }
  var doubleValue: Double { self ? 1 : 0 }
}
