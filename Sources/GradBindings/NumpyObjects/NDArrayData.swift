// The values of an ndarray while it is being computed: row-major elements of
// one kind (floats held as Double, float32 ones rounded to Float after each
// step), with NumPy's type promotion and broadcasting. Results become
// tensors (the engine's storage) again when they are stored.
//
// Shape key: n elements, d dimensions.

import Foundation
import GradLanguage
import GradTensor

/// Row-major elements of one kind.
enum NDValues {
  case float([Double])
  case int([Int64])
  case bool([Bool])
}

/// An array's shape, dtype and row-major values, not yet in storage.
struct NDData {
  var dtype: DType
  var shape: [Int]
  var values: NDValues

  var count: Int { shape.reduce(1, *) }

  /// The values of `tensor` in row-major order.
  init(_ tensor: Tensor) {
    dtype = tensor.dtype
    shape = tensor.shape
    switch tensor.dtype {
    case .float32, .float64: values = .float(tensor.toDoubleArray())
    case .int64: values = .int(tensor.toInt64Array())
    case .bool: values = .bool(tensor.toBoolArray())
    }
  }

  init(dtype: DType, shape: [Int], values: NDValues) {
    self.dtype = dtype
    self.shape = shape
    self.values = values
    if dtype == .float32, case .float(let xs) = values {
      self.values = .float(xs.map { Double(Float($0)) })
    }
  }

  init(shape: [Int], doubles: [Double], dtype: DType) {
    self.init(dtype: dtype, shape: shape, values: .float(doubles))
    if !dtype.isFloatingPoint { self = converted(to: dtype) }
  }

  /// Every element as a Double.
  var doubles: [Double] {
    switch values {
    case .float(let xs): return xs
    case .int(let ns): return ns.map { Double($0) }
    case .bool(let bs): return bs.map { $0 ? 1 : 0 }
    }
  }

  /// Every element as an Int64 (floats truncate toward zero, saturating).
  var ints: [Int64] {
    switch values {
    case .float(let xs): return xs.map(saturatingInt64)
    case .int(let ns): return ns
    case .bool(let bs): return bs.map { $0 ? 1 : 0 }
    }
  }

  /// Every element as a truth value (non-zero is true; NaN is true, as in NumPy).
  var bools: [Bool] {
    switch values {
    case .float(let xs): return xs.map { $0 != 0 }
    case .int(let ns): return ns.map { $0 != 0 }
    case .bool(let bs): return bs
    }
  }

  /// The same elements converted to `target` (NumPy's `astype`).
  func converted(to target: DType) -> NDData {
    switch target {
    case .float32, .float64: return NDData(dtype: target, shape: shape, values: .float(doubles))
    case .int64: return NDData(dtype: target, shape: shape, values: .int(ints))
    case .bool: return NDData(dtype: target, shape: shape, values: .bool(bools))
    }
  }

  /// The same elements with another shape of the same size.
  func reshaped(_ newShape: [Int]) -> NDData {
    NDData(dtype: dtype, shape: newShape, values: values)
  }

  /// Stores the values in a fresh contiguous tensor.
  func tensor() throws(ReplError) -> Tensor {
    let shape = self.shape
    let dtype = self.dtype
    switch values {
    case .float(let xs): return try engine { try Tensor(xs, shape: shape, dtype: dtype) }
    case .int(let ns): return try engine { try Tensor(ns, shape: shape) }
    case .bool(let bs): return try engine { try Tensor(bs, shape: shape) }
    }
  }

  /// The elements at the given row-major positions, with a new shape.
  func gathered(_ positions: [Int], shape newShape: [Int]) -> NDData {
    switch values {
    case .float(let xs):
      return NDData(dtype: dtype, shape: newShape, values: .float(positions.map { xs[$0] }))
    case .int(let ns):
      return NDData(dtype: dtype, shape: newShape, values: .int(positions.map { ns[$0] }))
    case .bool(let bs):
      return NDData(dtype: dtype, shape: newShape, values: .bool(positions.map { bs[$0] }))
    }
  }
}

/// Int64 from a Double, truncating; NaN gives 0 and out-of-range values clamp.
func saturatingInt64(_ x: Double) -> Int64 {
  if x.isNaN { return 0 }
  if x >= 9.223_372_036_854_775_807e18 { return .max }
  if x <= -9.223_372_036_854_775_808e18 { return .min }
  return Int64(x.rounded(.towardZero))
}

// MARK: - Promotion

/// NumPy's promotion between two arrays' dtypes: bool < int64 < float64, float32 above bool
/// but float32 with int64 gives float64 (no float32 holds every int64).
func promoted(_ a: DType, _ b: DType) -> DType {
  if a == b { return a }
  if a == .bool { return b }
  if b == .bool { return a }
  return .float64
}

/// An operand of an elementwise operation: an array (strong dtype) or a Python number (weak:
/// it takes the other side's dtype when it fits, NumPy 2's rule).
struct NDOperand {
  var data: NDData
  var isPythonScalar: Bool

  /// The dtype of `self ∘ other`.
  func resultType(with other: NDOperand) -> DType {
    switch (isPythonScalar, other.isPythonScalar) {
    case (true, false): return weakPromotion(strong: other.data.dtype, weak: data.dtype)
    case (false, true): return weakPromotion(strong: data.dtype, weak: other.data.dtype)
    default: return promoted(data.dtype, other.data.dtype)
    }
  }
}

/// A Python bool takes any array's dtype; a Python int takes an integer or float array's; a
/// Python float takes a float array's and makes integers float64.
func weakPromotion(strong: DType, weak: DType) -> DType {
  switch weak {
  case .bool: return strong
  case .int64: return strong == .bool ? .int64 : strong
  case .float32, .float64: return strong.isFloatingPoint ? strong : .float64
  }
}

// MARK: - Broadcasting

/// The broadcast shape of several shapes, or NumPy's error naming them all.
func broadcastShape(_ shapes: [[Int]]) throws(ReplError) -> [Int] {
  let d = shapes.map(\.count).max() ?? 0
  var out = [Int](repeating: 1, count: d)
  for shape in shapes {
    let pad = d - shape.count
    for (i, s) in shape.enumerated() {
      let k = pad + i
      if out[k] == 1 {
        out[k] = s
      } else if s != 1 && s != out[k] {
        throw NumpyMessages.broadcast(shapes)
      }
    }
  }
  return out
}

/// For each row-major position of `target`, the row-major position in `shape` it reads when
/// `shape` is broadcast to `target`.
func broadcastPositions(_ shape: [Int], to target: [Int]) -> [Int] {
  let n = target.reduce(1, *)
  if shape == target { return Array(0..<n) }
  let pad = target.count - shape.count
  var sourceStrides = [Int](repeating: 0, count: target.count)
  var running = 1
  for i in stride(from: shape.count - 1, through: 0, by: -1) {
    sourceStrides[pad + i] = shape[i] == 1 ? 0 : running
    running *= shape[i]
  }
  var out = [Int](repeating: 0, count: n)
  var index = [Int](repeating: 0, count: target.count)
  var position = 0
  for flat in 0..<n {
    out[flat] = position
    var d = target.count - 1
    while d >= 0 {
      index[d] += 1
      position += sourceStrides[d]
      if index[d] < target[d] { break }
      position -= sourceStrides[d] * index[d]
      index[d] = 0
      d -= 1
    }
  }
  return out
}

extension NDData {
  /// These values broadcast to `target` (which must be reachable).
  func broadcast(to target: [Int]) throws(ReplError) -> NDData {
    if shape == target { return self }
    _ = try broadcastShape([shape, target])
    guard try broadcastShape([shape, target]) == target else {
      throw NumpyMessages.broadcastInto(shape, target)
    }
    return gathered(broadcastPositions(shape, to: target), shape: target)
  }
}

// MARK: - Elementwise kernels

/// Elementwise `f(a, b)` over broadcast operands, in Double or in Int64.
func elementwise(
  _ a: NDData, _ b: NDData, as dtype: DType,
  float: (Double, Double) -> Double, int: ((Int64, Int64) throws(ReplError) -> Int64)? = nil
) throws(ReplError) -> NDData {
  let shape = try broadcastShape([a.shape, b.shape])
  let pa = broadcastPositions(a.shape, to: shape)
  let pb = broadcastPositions(b.shape, to: shape)
  if dtype.isFloatingPoint || int == nil {
    let xs = a.doubles
    let ys = b.doubles
    let out = (0..<pa.count).map { float(xs[pa[$0]], ys[pb[$0]]) }
    return NDData(shape: shape, doubles: out, dtype: dtype)
  }
  let xs = a.ints
  let ys = b.ints
  var out = [Int64](repeating: 0, count: pa.count)
  if let int {
    for i in 0..<pa.count { out[i] = try int(xs[pa[i]], ys[pb[i]]) }
  }
  let data = NDData(dtype: .int64, shape: shape, values: .int(out))
  return dtype == .int64 ? data : data.converted(to: dtype)
}

/// Elementwise predicate over broadcast operands: a bool array.
func comparison(_ a: NDData, _ b: NDData, _ test: (Double, Double) -> Bool) throws(ReplError)
  -> NDData
{
  let shape = try broadcastShape([a.shape, b.shape])
  let pa = broadcastPositions(a.shape, to: shape)
  let pb = broadcastPositions(b.shape, to: shape)
  if case .int(let xs) = a.values, case .int(let ys) = b.values {
    // Exact for integers beyond 2⁵³.
    let out = (0..<pa.count).map { i -> Bool in
      let (x, y) = (xs[pa[i]], ys[pb[i]])
      return test(x < y ? -1 : (x > y ? 1 : 0), 0)
    }
    return NDData(dtype: .bool, shape: shape, values: .bool(out))
  }
  let xs = a.doubles
  let ys = b.doubles
  return NDData(
    dtype: .bool, shape: shape, values: .bool((0..<pa.count).map { test(xs[pa[$0]], ys[pb[$0]]) }))
}

/// Python's floor division for integers: rounds toward −∞; division by zero gives 0, as
/// NumPy does (with a warning there).
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
  if b == 0 || (b == -1 && a == .min) { return b == 0 ? 0 : a }
  let q = a / b
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Python's modulo for integers: the remainder takes the divisor's sign; x % 0 is 0.
func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
  if b == 0 || b == -1 { return 0 }
  let r = a % b
  return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
}

/// Python's modulo for floats: r = a − b·⌊a/b⌋, with the divisor's sign.
func floatModulo(_ a: Double, _ b: Double) -> Double {
  if b == 0 { return .nan }
  let r = fmod(a, b)
  if r != 0 && (r < 0) != (b < 0) { return r + b }
  return r == 0 ? copysign(0, b) : r
}

/// Python's floor division for floats: ⌊a/b⌋ computed from the modulo, as NumPy does.
func floatFloorDivide(_ a: Double, _ b: Double) -> Double {
  if b == 0 { return a / b }
  let m = fmod(a, b)
  var div = (a - m) / b
  if m != 0 && (b < 0) != (m < 0) { div -= 1 }
  if div == 0 { return copysign(0, a / b) }
  let floored = div.rounded(.down)
  return div - floored > 0.5 ? floored + 1 : floored
}

/// xⁿ for integers by repeated squaring, wrapping on overflow as NumPy's int64 does.
func integerPower(_ x: Int64, _ n: Int64) throws(ReplError) -> Int64 {
  guard n >= 0 else { throw NumpyMessages.negativeIntegerPower }
  var result: Int64 = 1
  var base = x
  var k = n
  while k > 0 {
    if k & 1 == 1 { result = result &* base }
    k >>= 1
    if k > 0 { base = base &* base }
  }
  return result
}
