// NumPy's universal functions: elementwise operations with promotion and
// broadcasting, the dtype of each result chosen as NumPy chooses it (true
// division and transcendental functions of integers give float64), and the
// reductions over axes.

import Foundation
import GradLanguage
import GradTensor

/// `a ∘ b` for the named binary ufunc.
func binaryUfunc(_ name: String, _ a: NDOperand, _ b: NDOperand) throws(ReplError) -> NDData {
  let common = a.resultType(with: b)
  let x = a.data
  let y = b.data
  switch name {
  case "add":
    if common == .bool { return try logical(x, y) { $0 || $1 } }
    return try elementwise(x, y, as: common, float: +, int: { $0 &+ $1 })
  case "subtract":
    if common == .bool { throw NumpyMessages.booleanSubtract }
    return try elementwise(x, y, as: common, float: -, int: { $0 &- $1 })
  case "multiply":
    if common == .bool { return try logical(x, y) { $0 && $1 } }
    return try elementwise(x, y, as: common, float: *, int: { $0 &* $1 })
  case "divide", "true_divide":
    return try elementwise(x, y, as: common.isFloatingPoint ? common : .float64, float: /)
  case "floor_divide":
    let t = common == .bool ? DType.int64 : common
    return try elementwise(x, y, as: t, float: floatFloorDivide, int: { floorDivide($0, $1) })
  case "remainder", "mod":
    let t = common == .bool ? DType.int64 : common
    return try elementwise(x, y, as: t, float: floatModulo, int: { floorModulo($0, $1) })
  case "power":
    let t = common == .bool ? DType.int64 : common
    return try elementwise(
      x, y, as: t, float: { Foundation.pow($0, $1) },
      int: { (p, q) throws(ReplError) in try integerPower(p, q) })
  case "maximum", "minimum":
    let larger = name == "maximum"
    return try elementwise(
      x, y, as: common,
      float: { p, q in
        if p.isNaN || q.isNaN { return .nan }
        return larger ? Swift.max(p, q) : Swift.min(p, q)
      }, int: { larger ? Swift.max($0, $1) : Swift.min($0, $1) })
  case "logical_and": return try logical(x, y) { $0 && $1 }
  case "logical_or": return try logical(x, y) { $0 || $1 }
  case "logical_xor": return try logical(x, y) { $0 != $1 }
  default: throw ReplError.value("unknown ufunc \(name)")
  }
}

/// An elementwise truth function of two arrays.
private func logical(_ a: NDData, _ b: NDData, _ f: (Bool, Bool) -> Bool) throws(ReplError)
  -> NDData
{
  let shape = try broadcastShape([a.shape, b.shape])
  let pa = broadcastPositions(a.shape, to: shape)
  let pb = broadcastPositions(b.shape, to: shape)
  let xs = a.bools
  let ys = b.bools
  return NDData(
    dtype: .bool, shape: shape, values: .bool((0..<pa.count).map { f(xs[pa[$0]], ys[pb[$0]]) }))
}

/// The functions of one array that give floats: integers and bools become float64.
let floatUfuncs: [String: @Sendable (Double) -> Double] = [
  "exp": Foundation.exp, "log": Foundation.log, "tanh": Foundation.tanh,
  "sqrt": { $0.squareRoot() }, "sin": Foundation.sin, "cos": Foundation.cos,
  "tan": Foundation.tan, "log2": Foundation.log2, "log10": Foundation.log10,
  "exp2": Foundation.exp2, "log1p": Foundation.log1p, "expm1": Foundation.expm1,
  "arctan": Foundation.atan, "arcsin": Foundation.asin, "arccos": Foundation.acos,
  "sinh": Foundation.sinh, "cosh": Foundation.cosh,
]

/// `f(a)` for the named unary ufunc.
func unaryUfunc(_ name: String, _ a: NDData) throws(ReplError) -> NDData {
  if let f = floatUfuncs[name] {
    let t = a.dtype.isFloatingPoint ? a.dtype : .float64
    return NDData(shape: a.shape, doubles: a.doubles.map(f), dtype: t)
  }
  switch name {
  case "negative":
    switch a.values {
    case .bool: throw NumpyMessages.booleanNegative
    case .int(let ns):
      return NDData(dtype: .int64, shape: a.shape, values: .int(ns.map { 0 &- $0 }))
    case .float(let xs):
      return NDData(dtype: a.dtype, shape: a.shape, values: .float(xs.map { -$0 }))
    }
  case "abs", "absolute":
    switch a.values {
    case .bool: return a
    case .int(let ns):
      return NDData(dtype: .int64, shape: a.shape, values: .int(ns.map { $0 < 0 ? 0 &- $0 : $0 }))
    case .float(let xs): return NDData(dtype: a.dtype, shape: a.shape, values: .float(xs.map(abs)))
    }
  case "square":
    return try binaryUfunc(
      "multiply", NDOperand(data: a, isPythonScalar: false),
      NDOperand(data: a, isPythonScalar: false))
  case "sign":
    switch a.values {
    case .bool: return a
    case .int(let ns):
      return NDData(dtype: .int64, shape: a.shape, values: .int(ns.map { $0.signum() }))
    case .float(let xs):
      return NDData(
        dtype: a.dtype, shape: a.shape,
        values: .float(xs.map { $0.isNaN ? .nan : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) }))
    }
  case "floor", "ceil", "round", "rint", "trunc":
    guard case .float(let xs) = a.values else { return a }
    let rule: FloatingPointRoundingRule =
      switch name {
      case "floor": .down
      case "ceil": .up
      case "trunc": .towardZero
      default: .toNearestOrEven
      }
    return NDData(dtype: a.dtype, shape: a.shape, values: .float(xs.map { $0.rounded(rule) }))
  case "isnan", "isinf", "isfinite":
    let xs = a.doubles
    let test: (Double) -> Bool =
      name == "isnan" ? { $0.isNaN } : (name == "isinf" ? { $0.isInfinite } : { $0.isFinite })
    return NDData(dtype: .bool, shape: a.shape, values: .bool(xs.map(test)))
  case "logical_not":
    return NDData(dtype: .bool, shape: a.shape, values: .bool(a.bools.map { !$0 }))
  default: throw ReplError.value("unknown ufunc \(name)")
  }
}

/// `np.round(a, decimals)`: each element to `decimals` places, halves to even, as NumPy
/// computes it in the array's own precision:
///
/// ```
/// decimals ≥ 0:  rint(x · 10^d) / 10^d        decimals < 0:  rint(x / 10^−d) · 10^−d
/// ```
///
/// (so 2.675 → 2.68: 2.675 · 100 rounds to 267.5 in float64, and the half goes to even).
/// Integers stay integers; with decimals < 0 they round to tens, hundreds, ...
func numpyRound(_ a: NDData, decimals: Int) throws(ReplError) -> NDData {
  let scale = Foundation.pow(10.0, Double(Swift.abs(decimals)))
  func rounded(_ x: Double) -> Double {
    decimals >= 0
      ? (x * scale).rounded(.toNearestOrEven) / scale
      : (x / scale).rounded(.toNearestOrEven) * scale
  }
  func roundedSingle(_ x: Double) -> Double {
    let (v, f) = (Float(x), Float(scale))
    return Double(
      decimals >= 0
        ? (v * f).rounded(.toNearestOrEven) / f : (v / f).rounded(.toNearestOrEven) * f)
  }
  switch a.values {
  case .float(let xs):
    let f = a.dtype == .float32 ? roundedSingle : rounded
    return NDData(dtype: a.dtype, shape: a.shape, values: .float(xs.map(f)))
  case .int(let ns):
    guard decimals < 0 else { return a }
    return NDData(
      dtype: .int64, shape: a.shape,
      values: .int(ns.map { Int64(fromRounded: rounded(Double($0))) }))
  case .bool:
    throw ReplError(
      "TypeError",
      "round of a bool array is not supported here (NumPy gives float16, which this numpy "
        + "has not); convert first: a.astype(np.float64).round(\(decimals))")
  }
}

extension Int64 {
  /// A rounded Double as an int64, clamped to the representable range.
  fileprivate init(fromRounded x: Double) {
    if x.isNaN {
      self = 0
    } else if x >= 9.223_372_036_854_775_807e18 {
      self = .max
    } else if x <= -9.223_372_036_854_775_808e18 {
      self = .min
    } else {
      self = Int64(x)
    }
  }
}

// MARK: - Matrix products

/// NumPy's matmul: 1-D operands are promoted to a row (left) or column (right) and the
/// added axis removed afterwards; leading dimensions broadcast.
///
/// ```
/// C[..., i, j] = Σ_k A[..., i, k] · B[..., k, j]
/// ```
func matmul(_ a: NDData, _ b: NDData) throws(ReplError) -> NDData {
  guard !a.shape.isEmpty, !b.shape.isEmpty else { throw NumpyMessages.matmulScalar }
  let dtype = promoted(a.dtype, b.dtype)
  let left = a.shape.count == 1 ? a.reshaped([1, a.shape[0]]) : a
  let right = b.shape.count == 1 ? b.reshaped([b.shape[0], 1]) : b
  let (n, k) = (left.shape[left.shape.count - 2], left.shape[left.shape.count - 1])
  let (k2, m) = (right.shape[right.shape.count - 2], right.shape[right.shape.count - 1])
  guard k == k2 else { throw NumpyMessages.matmul(a.shape, b.shape) }
  let batch = try broadcastShape([Array(left.shape.dropLast(2)), Array(right.shape.dropLast(2))])
  let l = try left.broadcast(to: batch + [n, k])
  let r = try right.broadcast(to: batch + [k, m])
  let batches = batch.reduce(1, *)
  var shape = batch + [n, m]
  try checkListSize(batches * n * m, "matmul")
  let out: NDData
  if dtype.isFloatingPoint {
    let xs = l.doubles
    let ys = r.doubles
    var zs = [Double](repeating: 0, count: batches * n * m)
    for p in 0..<batches {
      for i in 0..<n {
        for kk in 0..<k {
          let x = xs[p * n * k + i * k + kk]
          let rowB = p * k * m + kk * m
          let rowC = p * n * m + i * m
          for j in 0..<m { zs[rowC + j] += x * ys[rowB + j] }
        }
      }
    }
    out = NDData(dtype: dtype, shape: shape, values: .float(zs))
  } else {
    let xs = l.ints
    let ys = r.ints
    var zs = [Int64](repeating: 0, count: batches * n * m)
    for p in 0..<batches {
      for i in 0..<n {
        for kk in 0..<k {
          let x = xs[p * n * k + i * k + kk]
          for j in 0..<m { zs[p * n * m + i * m + j] &+= x &* ys[p * k * m + kk * m + j] }
        }
      }
    }
    let ints = NDData(dtype: .int64, shape: shape, values: .int(zs))
    out = dtype == .bool ? ints.converted(to: .bool) : ints
  }
  if a.shape.count == 1 { shape.remove(at: shape.count - 2) }
  if b.shape.count == 1 { shape.removeLast() }
  return out.reshaped(shape)
}

// MARK: - Reductions

/// The axes a reduction runs over (all when nil), checked and made non-negative.
func reductionAxes(_ v: RValue?, ndim: Int) throws(ReplError) -> [Int] {
  guard let v, !v.isNone else { return Array(0..<ndim) }
  var given: [Int] = []
  switch v {
  case .tuple(let t):
    for item in t { given.append(try item.integer(for: "axis")) }
  default: given = [try v.integer(for: "axis")]
  }
  var out: [Int] = []
  for a in given {
    let k = a < 0 ? a + ndim : a
    guard k >= 0, k < ndim else {
      throw NumpyMessages.axis(a, ndim)
    }
    if out.contains(k) { throw ReplError.value("duplicate value in 'axis'") }
    out.append(k)
  }
  return out.sorted()
}

/// Each group of elements reduced together: for every output position, the input's
/// row-major positions in reduction order, and the output shape (with or without kept axes).
func reductionGroups(_ shape: [Int], axes: [Int], keepDims: Bool) -> (
  groups: [[Int]], shape: [Int]
) {
  let strides = contiguousStrides(shape)
  let kept = (0..<shape.count).filter { !axes.contains($0) }
  let outShape = kept.map { shape[$0] }
  let outCount = outShape.reduce(1, *)
  let reducedShape = axes.map { shape[$0] }
  let reducedCount = reducedShape.reduce(1, *)
  let outStrides = contiguousStrides(outShape)
  let reducedStrides = contiguousStrides(reducedShape)
  var groups: [[Int]] = []
  groups.reserveCapacity(outCount)
  for o in 0..<outCount {
    var base = 0
    for (k, axis) in kept.enumerated() {
      base += ((o / outStrides[k]) % outShape[k]) * strides[axis]
    }
    var group: [Int] = []
    group.reserveCapacity(reducedCount)
    for r in 0..<reducedCount {
      var p = base
      for (k, axis) in axes.enumerated() {
        p += ((r / reducedStrides[k]) % reducedShape[k]) * strides[axis]
      }
      group.append(p)
    }
    groups.append(group)
  }
  let finalShape =
    keepDims ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element } : outShape
  return (groups, finalShape)
}

/// NumPy's pairwise summation: blocks of up to 128 summed with eight running partial sums,
/// halves added recursively, so rounding error grows like log n rather than n.
func pairwiseSum(_ xs: [Double], _ start: Int, _ n: Int, single: Bool) -> Double {
  @inline(__always) func round(_ v: Double) -> Double { single ? Double(Float(v)) : v }
  if n < 8 {
    var s = 0.0
    for i in start..<(start + n) { s = round(s + xs[i]) }
    return s
  }
  if n <= 128 {
    var r = (0..<8).map { xs[start + $0] }
    var i = 8
    while i < n - (n % 8) {
      for j in 0..<8 { r[j] = round(r[j] + xs[start + i + j]) }
      i += 8
    }
    var s = round(
      round(round(r[0] + r[1]) + round(r[2] + r[3]))
        + round(round(r[4] + r[5]) + round(r[6] + r[7])))
    while i < n {
      s = round(s + xs[start + i])
      i += 1
    }
    return s
  }
  var half = n / 2
  half -= half % 8
  return round(
    pairwiseSum(xs, start, half, single: single)
      + pairwiseSum(xs, start + half, n - half, single: single))
}

/// Σ over the axes. NumPy sums a contiguous run pairwise and other axes one step at a time;
/// reducing the trailing axes is the contiguous case.
func sumReduction(_ a: NDData, axes: [Int], keepDims: Bool, as dtype: DType) -> NDData {
  let (groups, shape) = reductionGroups(a.shape, axes: axes, keepDims: keepDims)
  if !dtype.isFloatingPoint {
    let ns = a.ints
    let sums = groups.map { g in g.reduce(Int64(0)) { $0 &+ ns[$1] } }
    return NDData(dtype: .int64, shape: shape, values: .int(sums))
  }
  let xs = a.converted(to: dtype).doubles
  let single = dtype == .float32
  let trailing = axes == Array((a.shape.count - axes.count)..<a.shape.count)
  let sums = groups.map { g -> Double in
    if trailing, let first = g.first { return pairwiseSum(xs, first, g.count, single: single) }
    var s = 0.0
    for p in g { s = single ? Double(Float(s + xs[p])) : s + xs[p] }
    return s
  }
  return NDData(dtype: dtype, shape: shape, values: .float(sums))
}

/// The reduction named `name` over `axes` (sum, prod, mean, max, min, argmax, argmin, std,
/// var, any, all), with NumPy's result dtypes.
func reduce(_ name: String, _ a: NDData, axes: [Int], keepDims: Bool, ddof: Int = 0)
  throws(ReplError) -> NDData
{
  let floatType: DType = a.dtype.isFloatingPoint ? a.dtype : .float64
  switch name {
  case "sum":
    return sumReduction(
      a, axes: axes, keepDims: keepDims, as: a.dtype.isFloatingPoint ? a.dtype : .int64)
  case "mean":
    let n = axes.reduce(1) { $0 * a.shape[$1] }
    let s = sumReduction(a, axes: axes, keepDims: keepDims, as: floatType)
    return NDData(shape: s.shape, doubles: s.doubles.map { $0 / Double(n) }, dtype: floatType)
  case "var", "std":
    // var = Σ (x − mean)² / (n − ddof), the mean broadcast back over the reduced axes.
    let n = axes.reduce(1) { $0 * a.shape[$1] }
    let x = a.converted(to: floatType)
    let mean = try reduce("mean", x, axes: axes, keepDims: true)
    let centred = try elementwise(x, mean, as: floatType, float: -)
    let squares = try elementwise(centred, centred, as: floatType, float: *)
    let s = sumReduction(squares, axes: axes, keepDims: keepDims, as: floatType)
    let divisor = Double(max(n - ddof, 0))
    let variance = NDData(shape: s.shape, doubles: s.doubles.map { $0 / divisor }, dtype: floatType)
    if name == "var" { return variance }
    return NDData(
      shape: s.shape, doubles: variance.doubles.map { $0.squareRoot() }, dtype: floatType)
  case "prod":
    let (groups, shape) = reductionGroups(a.shape, axes: axes, keepDims: keepDims)
    if !a.dtype.isFloatingPoint {
      let ns = a.ints
      return NDData(
        dtype: .int64, shape: shape,
        values: .int(groups.map { g in g.reduce(Int64(1)) { $0 &* ns[$1] } }))
    }
    let xs = a.doubles
    let single = a.dtype == .float32
    return NDData(
      dtype: a.dtype, shape: shape,
      values: .float(
        groups.map { g in g.reduce(1.0) { single ? Double(Float($0 * xs[$1])) : $0 * xs[$1] } }))
  case "max", "min", "argmax", "argmin":
    let (groups, shape) = reductionGroups(a.shape, axes: axes, keepDims: keepDims)
    if groups.contains(where: \.isEmpty) {
      throw name.hasPrefix("arg")
        ? ReplError.value("attempt to get \(name) of an empty sequence")
        : NumpyMessages.emptyReduction(name == "max" ? "maximum" : "minimum")
    }
    let larger = name.hasSuffix("max")
    // The first extreme element wins; a NaN is extreme and stops the search.
    func best(_ g: [Int], _ better: (Int, Int) -> Bool, _ isNaN: (Int) -> Bool) -> Int {
      var k = 0
      for i in 1..<g.count {
        if isNaN(g[k]) { break }
        if isNaN(g[i]) || better(g[i], g[k]) { k = i }
      }
      return k
    }
    let choices: [Int]
    switch a.values {
    case .int(let ns):
      choices = groups.map { g in
        best(g, { larger ? ns[$0] > ns[$1] : ns[$0] < ns[$1] }, { _ in false })
      }
    default:
      let xs = a.doubles
      choices = groups.map { g in
        best(g, { larger ? xs[$0] > xs[$1] : xs[$0] < xs[$1] }, { xs[$0].isNaN })
      }
    }
    if name.hasPrefix("arg") {
      return NDData(dtype: .int64, shape: shape, values: .int(choices.map { Int64($0) }))
    }
    return a.gathered(zip(groups, choices).map { $0[$1] }, shape: shape)
  case "any", "all":
    let (groups, shape) = reductionGroups(a.shape, axes: axes, keepDims: keepDims)
    let bs = a.bools
    let out = groups.map { g in name == "any" ? g.contains { bs[$0] } : g.allSatisfy { bs[$0] } }
    return NDData(dtype: .bool, shape: shape, values: .bool(out))
  default:
    throw ReplError.value("unknown reduction \(name)")
  }
}

/// The axis of `argmax`/`argmin` without `axis=`: NumPy reads the array flattened.
func flatArgReduction(_ name: String, _ a: NDData) throws(ReplError) -> NDData {
  try reduce(name, a.reshaped([a.count]), axes: [0], keepDims: false)
}
