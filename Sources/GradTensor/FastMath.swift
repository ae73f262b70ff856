// Single-precision exp, tanh and sigmoid written as straight-line arithmetic, so loops over
// them vectorise (the C library's expf/tanhf are one call per element). Accurate to a few ulp.
import CKernels

/// e^x for Float: split x = k·ln 2 + r with |r| ≤ ln 2 / 2, so e^x = 2^k · e^r, and e^r from
/// its Taylor series to r⁷ (the next term is below 5·10⁻⁹ relative).
///
/// ```
/// e^r ≈ 1 + r + r²/2! + … + r⁷/7!
/// ```
///
/// Rounding x·log₂e to k uses the 1.5·2²³ trick (adding it leaves the integer in the low
/// mantissa bits), which needs no rounding instruction.
@inline(__always)
func fastExp(_ x: Float) -> Float {
  let clamped = Swift.min(Swift.max(x, -87), 88)
  let magic: Float = 12_582_912  // 1.5 · 2²³
  let shifted = clamped * 1.442_695_04 + magic
  let k = shifted - magic
  // r = x − k·ln 2, with ln 2 split in two parts so the product is exact.
  let r = clamped - k * 0.693_145_75 - k * 1.428_606_8e-6
  var p: Float = 1.0 / 5040
  p = p * r + 1.0 / 720
  p = p * r + 1.0 / 120
  p = p * r + 1.0 / 24
  p = p * r + 1.0 / 6
  p = p * r + 0.5
  p = p * r + 1
  p = p * r + 1
  let kBits = Int32(bitPattern: shifted.bitPattern) &- Int32(bitPattern: magic.bitPattern)
  let scale = Float(bitPattern: UInt32(bitPattern: (kBits &+ 127) << 23))
  let result = p * scale
  if x.isNaN { return x }
  return x < -87 ? 0 : result
}

/// tanh for Float. Small |x| use the odd Taylor series (to x¹³); larger |x| use
///
/// ```
/// tanh|x| = (1 − e^(−2|x|)) / (1 + e^(−2|x|))
/// ```
///
/// which has no overflow and no cancellation there.
@inline(__always)
func fastTanh(_ x: Float) -> Float {
  let a = Swift.min(Swift.abs(x), 10)
  let e = fastExp(-2 * a)
  let large = (1 - e) / (1 + e)
  let x2 = x * x
  var p: Float = 21_844.0 / 6_081_075
  p = p * x2 - 1_382.0 / 155_925
  p = p * x2 + 62.0 / 2_835
  p = p * x2 - 17.0 / 315
  p = p * x2 + 2.0 / 15
  p = p * x2 - 1.0 / 3
  p = p * x2 + 1
  let small = x * p
  let signed = x < 0 ? -large : large
  if x.isNaN { return x }
  return a < 0.4 ? small : signed
}

/// σ(x) = 1 / (1 + e⁻ˣ) for Float.
@inline(__always)
func fastSigmoid(_ x: Float) -> Float {
  1 / (1 + fastExp(-x))
}

// MARK: - Eight lanes at a time

typealias Float8 = SIMD8<Float>

/// `fastExp` on eight lanes (the same arithmetic, with lane masks instead of branches).
@inline(__always)
func fastExp8(_ x: Float8) -> Float8 {
  var clamped = x.replacing(with: -87, where: x .< -87)
  clamped.replace(with: 88, where: clamped .> 88)
  let magic = Float8(repeating: 12_582_912)
  let shifted = clamped * 1.442_695_04 + magic
  let k = shifted - magic
  let r = clamped - k * 0.693_145_75 - k * 1.428_606_8e-6
  var p = Float8(repeating: 1.0 / 5040)
  p = p * r + 1.0 / 720
  p = p * r + 1.0 / 120
  p = p * r + 1.0 / 24
  p = p * r + 1.0 / 6
  p = p * r + 0.5
  p = p * r + 1
  p = p * r + 1
  let kBits =
    unsafeBitCast(shifted, to: SIMD8<Int32>.self)
    &- Int32(bitPattern: (12_582_912 as Float).bitPattern)
  let scale = unsafeBitCast((kBits &+ 127) &<< 23, to: Float8.self)
  var result = p * scale
  result.replace(with: 0, where: x .< -87)
  result.replace(with: x, where: x .!= x)
  return result
}

/// `fastTanh` on eight lanes. |x| and the sign go through the bit pattern and the clamp
/// through `pointwiseMin`, which stay vector instructions on baseline x86-64, where masked
/// selects do not.
@inline(__always)
func fastTanh8(_ x: Float8) -> Float8 {
  let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
  let sign = bits & 0x8000_0000
  let magnitude = unsafeBitCast(bits & 0x7fff_ffff, to: Float8.self)
  let a = pointwiseMin(magnitude, Float8(repeating: 10))
  let e = fastExp8(-2 * a)
  let unsignedLarge = (1 - e) / (1 + e)
  let large = unsafeBitCast(
    unsafeBitCast(unsignedLarge, to: SIMD8<UInt32>.self) | sign, to: Float8.self)
  let x2 = x * x
  var p = Float8(repeating: 21_844.0 / 6_081_075)
  p = p * x2 - 1_382.0 / 155_925
  p = p * x2 + 62.0 / 2_835
  p = p * x2 - 17.0 / 315
  p = p * x2 + 2.0 / 15
  p = p * x2 - 1.0 / 3
  p = p * x2 + 1
  var result = large
  result.replace(with: x * p, where: magnitude .< 0.4)
  result.replace(with: x, where: x .!= x)
  return result
}

/// `fastSigmoid` on eight lanes.
@inline(__always)
func fastSigmoid8(_ x: Float8) -> Float8 {
  1 / (1 + fastExp8(-x))
}

/// dst[i] = f(src[i]) over contiguous Float buffers, eight lanes at a time.
@inline(__always)
func mapFloat8(
  _ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int,
  _ vector: (Float8) -> Float8, _ scalar: (Float) -> Float
) {
  var i = 0
  while i + 8 <= n {
    let v = UnsafeRawPointer(src + i).loadUnaligned(as: Float8.self)
    UnsafeMutableRawPointer(dst + i).storeBytes(of: vector(v), as: Float8.self)
    i += 8
  }
  while i < n {
    dst[i] = scalar(src[i])
    i += 1
  }
}

/// dst[i] = f(a[i], b[i]) over contiguous Float buffers, eight lanes at a time.
@inline(__always)
func zipFloat8(
  _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
  _ n: Int, _ vector: (Float8, Float8) -> Float8, _ scalar: (Float, Float) -> Float
) {
  var i = 0
  while i + 8 <= n {
    let x = UnsafeRawPointer(a + i).loadUnaligned(as: Float8.self)
    let y = UnsafeRawPointer(b + i).loadUnaligned(as: Float8.self)
    UnsafeMutableRawPointer(dst + i).storeBytes(of: vector(x, y), as: Float8.self)
    i += 8
  }
  while i < n {
    dst[i] = scalar(a[i], b[i])
    i += 1
  }
}

/// Σⱼ e^(row[j] − m) over a contiguous row.
@inline(__always)
func expSumRow(_ row: UnsafePointer<Float>, _ c: Int, _ m: Float) -> Float {
  var acc = Float8(repeating: 0)
  var j = 0
  while j + 8 <= c {
    acc += fastExp8(UnsafeRawPointer(row + j).loadUnaligned(as: Float8.self) - m)
    j += 8
  }
  var s = acc.sum()
  while j < c {
    s += fastExp(row[j] - m)
    j += 1
  }
  return s
}

/// True when this processor runs the AVX-512 functions in CKernels.
let avx512Exponentials = cgemm_avx512_available() != 0

/// eˣ, tanh and σ over whole contiguous float32 buffers: sixteen lanes at a time in CKernels on
/// a processor with AVX-512, eight lanes of the same approximations in Swift otherwise (the
/// two agree to a few ulp). `destination` may be `source`, for in-place use.
public enum FloatVector {
  /// destination[i] = e^source[i].
  public static func exp(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    if avx512Exponentials, cvec_exp(source, destination, count) == 0 { return }
    mapFloat8(source, destination, count, { fastExp8($0) }, { fastExp($0) })
  }

  /// destination[i] = tanh(source[i]).
  public static func tanh(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    if avx512Exponentials, cvec_tanh(source, destination, count) == 0 { return }
    mapFloat8(source, destination, count, { fastTanh8($0) }, { fastTanh($0) })
  }

  /// destination[i] = σ(source[i]) = 1 / (1 + e^−source[i]).
  public static func sigmoid(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    if avx512Exponentials, cvec_sigmoid(source, destination, count) == 0 { return }
    mapFloat8(source, destination, count, { fastSigmoid8($0) }, { fastSigmoid($0) })
  }

  /// The same functions eight lanes at a time in Swift, whatever the processor (for tests
  /// that compare the two paths).
  static func eightLanes(
    _ f: (Float8) -> Float8, _ scalar: (Float) -> Float, _ source: UnsafePointer<Float>,
    _ destination: UnsafeMutablePointer<Float>, count: Int
  ) {
    mapFloat8(source, destination, count, f, scalar)
  }
}

/// Gate nonlinearities over whole rows, for kernels generic over `KernelScalar`. float32 goes
/// through `FloatVector` (sixteen lanes on AVX-512, eight otherwise; glibc's tanhf goes through
/// expm1f one value at a time and was a fifth of an LSTM step); float64 stays scalar and exact.
extension KernelScalar {
  /// σ applied in place to `count` values.
  public static func sigmoid(_ p: UnsafeMutablePointer<Self>, count: Int) {
    inPlace(p, count, FloatVector.sigmoid, sigmoid)
  }

  /// tanh applied in place to `count` values.
  public static func tanh(_ p: UnsafeMutablePointer<Self>, count: Int) {
    inPlace(p, count, FloatVector.tanh, tanh)
  }

  /// `vector` over float32 buffers, `scalar` one value at a time otherwise.
  @inline(__always)
  private static func inPlace(
    _ p: UnsafeMutablePointer<Self>, _ count: Int,
    _ vector: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
    _ scalar: (Self) -> Self
  ) {
    if Self.self == Float.self {
      let f = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
      vector(f, f, count)
    } else {
      for i in 0..<count { p[i] = scalar(p[i]) }
    }
  }
}

/// dst[j] = e^(row[j] − m), returning Σⱼ dst[j]. Sixteen lanes at a time in CKernels on a
/// processor with AVX-512 (the same approximation, so the two agree to a rounding or two),
/// eight here otherwise.
@inline(__always)
func expRowStore(
  _ row: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ c: Int, _ m: Float
) -> Float {
  if avx512Exponentials {
    var sum: Float = 0
    if cexp_shifted_sum(row, dst, c, m, &sum) == 0 { return sum }
  }
  return expRowStoreEight(row, dst, c, m)
}

/// `expRowStore` eight lanes at a time, in Swift.
@inline(__always)
func expRowStoreEight(
  _ row: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ c: Int, _ m: Float
) -> Float {
  var acc = Float8(repeating: 0)
  var j = 0
  while j + 8 <= c {
    let e = fastExp8(UnsafeRawPointer(row + j).loadUnaligned(as: Float8.self) - m)
    UnsafeMutableRawPointer(dst + j).storeBytes(of: e, as: Float8.self)
    acc += e
    j += 8
  }
  var s = acc.sum()
  while j < c {
    let e = fastExp(row[j] - m)
    dst[j] = e
    s += e
    j += 1
  }
  return s
}

/// max of a contiguous row (NaN if any element is NaN).
@inline(__always)
func maxRow(_ row: UnsafePointer<Float>, _ c: Int) -> Float {
  var acc = Float8(repeating: -.infinity)
  var sawNaN = false
  var j = 0
  while j + 8 <= c {
    let v = UnsafeRawPointer(row + j).loadUnaligned(as: Float8.self)
    sawNaN = sawNaN || any(v .!= v)
    acc.replace(with: v, where: v .> acc)
    j += 8
  }
  var m = acc.max()
  while j < c {
    if row[j] > m { m = row[j] }
    if row[j].isNaN { sawNaN = true }
    j += 1
  }
  return sawNaN ? .nan : m
}
