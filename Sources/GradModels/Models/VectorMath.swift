// Gate nonlinearities over whole rows: eight float lanes at a time for float32 (glibc's tanhf
// goes through expm1f one value at a time and was a fifth of an LSTM step), scalar for float64.
//
//   eˣ = 2ᵏ · e^r,  k = round(x / ln 2),  r = x − k·ln 2 ∈ [−ln2/2, ln2/2],
//   e^r by its Taylor polynomial to r⁷ (relative error < 2·10⁻⁸ on that interval)
//   σ(x) = 1 / (1 + e⁻ˣ)
//   tanh(x) = sign(x) · (1 − 2 / (e^{2|x|} + 1)), and its series x − x³/3 + 2x⁵/15 − 17x⁷/315
//   + 62x⁹/2835 for |x| < 1/4 (where the subtraction would cancel digits)

extension KernelScalar {
  /// σ applied in place to `count` values.
  static func sigmoid(_ p: UnsafeMutablePointer<Self>, count: Int) {
    if Self.self == Float.self {
      let f = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
      let done = mapFloat8(f, count) { x in 1 / (1 + exp8(-x)) }
      for i in done..<count { p[i] = sigmoid(p[i]) }
    } else {
      for i in 0..<count { p[i] = sigmoid(p[i]) }
    }
  }

  /// tanh applied in place to `count` values.
  static func tanh(_ p: UnsafeMutablePointer<Self>, count: Int) {
    if Self.self == Float.self {
      let f = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
      let done = mapFloat8(f, count, tanh8)
      for i in done..<count { p[i] = tanh(p[i]) }
    } else {
      for i in 0..<count { p[i] = tanh(p[i]) }
    }
  }
}

/// Applies `body` to the first ⌊count/8⌋·8 values in place; returns how many it did.
@inline(__always)
private func mapFloat8(
  _ p: UnsafeMutablePointer<Float>, _ count: Int, _ body: (SIMD8<Float>) -> SIMD8<Float>
) -> Int {
  let raw = UnsafeMutableRawPointer(p)
  var i = 0
  while i + 8 <= count {
    let x = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
    raw.storeBytes(of: body(x), toByteOffset: i * 4, as: SIMD8<Float>.self)
    i += 8
  }
  return i
}

/// eˣ for eight floats (inputs clamped to [−87, 88], where float32 stays finite and normal).
@inline(__always)
func exp8(_ input: SIMD8<Float>) -> SIMD8<Float> {
  let low = SIMD8<Float>(repeating: -87)
  let high = SIMD8<Float>(repeating: 88)
  let x = input.replacing(with: low, where: input .< low)
    .replacing(with: high, where: input .> high)
  // k = round(x / ln 2) by the 1.5·2²³ trick: adding it leaves the rounded integer in the low
  // mantissa bits.
  let shifter = SIMD8<Float>(repeating: 12_582_912)
  let biased = x * SIMD8(repeating: 1.442_695_04) + shifter
  let k = biased - shifter
  let r =
    x - k * SIMD8(repeating: 0.693_145_751_953_125) - k * SIMD8(repeating: 1.428_606_765_330_187e-6)
  var p = SIMD8<Float>(repeating: 1.0 / 5040)
  p = p * r + SIMD8(repeating: 1.0 / 720)
  p = p * r + SIMD8(repeating: 1.0 / 120)
  p = p * r + SIMD8(repeating: 1.0 / 24)
  p = p * r + SIMD8(repeating: 1.0 / 6)
  p = p * r + SIMD8(repeating: 0.5)
  p = p * r + SIMD8(repeating: 1)
  p = p * r + SIMD8(repeating: 1)
  // 2ᵏ: k + 127 in the exponent field.
  let kBits =
    unsafeBitCast(biased, to: SIMD8<Int32>.self) &- unsafeBitCast(shifter, to: SIMD8<Int32>.self)
  let scale = unsafeBitCast((kBits &+ 127) &<< 23, to: SIMD8<Float>.self)
  return p * scale
}

/// tanh for eight floats.
@inline(__always)
func tanh8(_ x: SIMD8<Float>) -> SIMD8<Float> {
  let a = x.replacing(with: -x, where: x .< 0)
  let e = exp8(a * 2)
  var t = 1 - 2 / (e + 1)
  t.replace(with: -t, where: x .< 0)
  let x2 = x * x
  var series = SIMD8<Float>(repeating: 62.0 / 2835)
  series = series * x2 + SIMD8(repeating: -17.0 / 315)
  series = series * x2 + SIMD8(repeating: 2.0 / 15)
  series = series * x2 + SIMD8(repeating: -1.0 / 3)
  series = series * x2 + SIMD8(repeating: 1)
  t.replace(with: series * x, where: a .< 0.25)
  return t
}
