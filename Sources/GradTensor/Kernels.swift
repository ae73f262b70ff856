// Strided loops: the one place that walks shapes and strides. Every elementwise kernel is a
// generic function specialised per dtype, so the dtype is decided once per op and the inner
// loop is a plain pointer walk with no boxing or dynamic dispatch.

/// Merges neighbouring dimensions that are laid out back to back in every operand, so a
/// contiguous tensor becomes one long inner loop.
func collapseDimensions(_ shape: [Int], _ strides: [[Int]]) -> ([Int], [[Int]]) {
  if shape.isEmpty { return ([], strides.map { _ in [] }) }
  var outShape = [shape[shape.count - 1]]
  var outStrides = strides.map { [$0[shape.count - 1]] }
  for d in stride(from: shape.count - 2, through: 0, by: -1) {
    let inner = outShape[0]
    var mergeable = true
    for k in 0..<strides.count where strides[k][d] != outStrides[k][0] &* inner {
      mergeable = false
      break
    }
    if shape[d] == 1 { continue }
    if mergeable || inner == 1 {
      if mergeable {
        outShape[0] = inner * shape[d]
      } else {
        outShape[0] = shape[d]
        for k in 0..<strides.count { outStrides[k][0] = strides[k][d] }
      }
    } else {
      outShape.insert(shape[d], at: 0)
      for k in 0..<strides.count { outStrides[k].insert(strides[k][d], at: 0) }
    }
  }
  return (outShape, outStrides)
}

/// Calls `body(offset0, offset1)` for every index of `shape`, with element offsets computed
/// from two stride vectors. The last dimension is the inner loop.
@inline(__always)
func forEachStrided2(
  _ shape: [Int], _ s0: [Int], _ s1: [Int], _ body: (Int, Int) -> Void
) {
  let (shape, st) = collapseDimensions(shape, [s0, s1])
  let s0 = st[0]
  let s1 = st[1]
  let nd = shape.count
  if shape.contains(0) { return }
  if nd == 0 {
    body(0, 0)
    return
  }
  let inner = shape[nd - 1]
  let a = s0[nd - 1]
  let b = s1[nd - 1]
  var outer = 1
  for d in 0..<(nd - 1) { outer *= shape[d] }
  var index = [Int](repeating: 0, count: nd)
  var o0 = 0
  var o1 = 0
  for _ in 0..<outer {
    var p0 = o0
    var p1 = o1
    for _ in 0..<inner {
      body(p0, p1)
      p0 += a
      p1 += b
    }
    var d = nd - 2
    while d >= 0 {
      index[d] += 1
      o0 += s0[d]
      o1 += s1[d]
      if index[d] < shape[d] { break }
      o0 -= s0[d] * shape[d]
      o1 -= s1[d] * shape[d]
      index[d] = 0
      d -= 1
    }
  }
}

/// Three-operand version of `forEachStrided2`.
@inline(__always)
func forEachStrided3(
  _ shape: [Int], _ s0: [Int], _ s1: [Int], _ s2: [Int], _ body: (Int, Int, Int) -> Void
) {
  let (shape, st) = collapseDimensions(shape, [s0, s1, s2])
  let s0 = st[0]
  let s1 = st[1]
  let s2 = st[2]
  let nd = shape.count
  if shape.contains(0) { return }
  if nd == 0 {
    body(0, 0, 0)
    return
  }
  let inner = shape[nd - 1]
  let a = s0[nd - 1]
  let b = s1[nd - 1]
  let c = s2[nd - 1]
  var outer = 1
  for d in 0..<(nd - 1) { outer *= shape[d] }
  var index = [Int](repeating: 0, count: nd)
  var o0 = 0
  var o1 = 0
  var o2 = 0
  for _ in 0..<outer {
    var p0 = o0
    var p1 = o1
    var p2 = o2
    for _ in 0..<inner {
      body(p0, p1, p2)
      p0 += a
      p1 += b
      p2 += c
    }
    var d = nd - 2
    while d >= 0 {
      index[d] += 1
      o0 += s0[d]
      o1 += s1[d]
      o2 += s2[d]
      if index[d] < shape[d] { break }
      o0 -= s0[d] * shape[d]
      o1 -= s1[d] * shape[d]
      o2 -= s2[d] * shape[d]
      index[d] = 0
      d -= 1
    }
  }
}

// MARK: - Broadcasting

/// The shape two operands broadcast to, by NumPy's rule: align trailing dimensions; sizes must
/// be equal or one of them 1.
func broadcastShapes(_ a: [Int], _ b: [Int], _ op: String) throws -> [Int] {
  if a == b { return a }
  let n = max(a.count, b.count)
  var out = [Int](repeating: 1, count: n)
  for i in 0..<n {
    let x = i < n - a.count ? 1 : a[i - (n - a.count)]
    let y = i < n - b.count ? 1 : b[i - (n - b.count)]
    if x == y || y == 1 {
      out[i] = x
    } else if x == 1 {
      out[i] = y
    } else {
      throw TensorError(
        .shapeMismatch,
        "\(op): shapes \(shapeString(a)) and \(shapeString(b)) cannot be broadcast together "
          + "(dimension \(i): \(x) vs \(y))")
    }
  }
  return out
}

extension Tensor {
  /// Strides that read this tensor as if expanded to `target` (stride 0 on broadcast
  /// dimensions). The caller has checked that the shapes are compatible.
  func broadcastStrides(to target: [Int]) -> [Int] {
    var out = [Int](repeating: 0, count: target.count)
    let shift = target.count - ndim
    for d in 0..<ndim where shape[d] != 1 || target[d + shift] == 1 {
      out[d + shift] = shape[d] == 1 ? 0 : strides[d]
    }
    return out
  }
}

// MARK: - Generic kernels

/// Copies (and converts) `source`, broadcast to `dest.shape`, into `dest` (any strides).
@inline(__always)
func copyStrided<S, D>(
  _ source: Tensor, _: S.Type, into dest: Tensor, _: D.Type, _ convert: (S) -> D
) {
  let src = source.storage.typed(S.self) + source.storageOffset
  let dst = dest.storage.typed(D.self) + dest.storageOffset
  if source.isContiguous && dest.isContiguous && source.shape == dest.shape {
    for i in 0..<dest.count { dst[i] = convert(src[i]) }
    return
  }
  forEachStrided2(dest.shape, dest.strides, source.broadcastStrides(to: dest.shape)) { d, s in
    dst[d] = convert(src[s])
  }
}

/// A new contiguous tensor `f(x)` elementwise.
@inline(__always)
func mapUnary<T, R: TensorElement>(_ x: Tensor, _: T.Type, _ f: (T) -> R) throws -> Tensor {
  let out = try Tensor(empty: x.shape, dtype: R.dtype)
  let src = x.storage.typed(T.self) + x.storageOffset
  let dst = out.storage.typed(R.self)
  if x.isContiguous {
    for i in 0..<out.count { dst[i] = f(src[i]) }
  } else {
    forEachStrided2(x.shape, out.strides, x.strides) { o, s in dst[o] = f(src[s]) }
  }
  return out
}

/// A new contiguous tensor `f(a, b)` elementwise, broadcasting `a` and `b` (both of dtype `T`)
/// to `shape`.
@inline(__always)
func mapBinary<T, R: TensorElement>(
  _ a: Tensor, _ b: Tensor, shape: [Int], _: T.Type, _ f: (T, T) -> R
) throws -> Tensor {
  let out = try Tensor(empty: shape, dtype: R.dtype)
  let pa = a.storage.typed(T.self) + a.storageOffset
  let pb = b.storage.typed(T.self) + b.storageOffset
  let dst = out.storage.typed(R.self)
  let n = out.count
  if a.shape == shape && a.isContiguous {
    if b.shape == shape && b.isContiguous {
      for i in 0..<n { dst[i] = f(pa[i], pb[i]) }
      return out
    }
    if b.count == 1 {
      let y = pb[0]
      for i in 0..<n { dst[i] = f(pa[i], y) }
      return out
    }
  }
  if a.count == 1 && b.shape == shape && b.isContiguous {
    let x = pa[0]
    for i in 0..<n { dst[i] = f(x, pb[i]) }
    return out
  }
  forEachStrided3(
    shape, out.strides, a.broadcastStrides(to: shape), b.broadcastStrides(to: shape)
  ) { o, i, j in
    dst[o] = f(pa[i], pb[j])
  }
  return out
}

/// Applies `f` in place to every element of `x` (any strides), reading `b` broadcast to
/// `x.shape`: `x[i] = f(x[i], b[i])`.
@inline(__always)
func updateInPlace<T>(_ x: Tensor, _ b: Tensor, _: T.Type, _ f: (T, T) -> T) {
  let px = x.storage.typed(T.self) + x.storageOffset
  let pb = b.storage.typed(T.self) + b.storageOffset
  if x.isContiguous && b.isContiguous && b.shape == x.shape {
    for i in 0..<x.count { px[i] = f(px[i], pb[i]) }
    return
  }
  if x.isContiguous && b.count == 1 {
    let y = pb[0]
    for i in 0..<x.count { px[i] = f(px[i], y) }
    return
  }
  forEachStrided2(x.shape, x.strides, b.broadcastStrides(to: x.shape)) { i, j in
    px[i] = f(px[i], pb[j])
  }
}
