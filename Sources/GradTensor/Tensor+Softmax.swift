// Softmax, log-softmax and the fused, numerically stable cross-entropy.
//
// Shape key: N rows (batch), C classes (vocabulary).
import Foundation

extension Tensor {
  /// Moves `dim` last and makes the data contiguous rows (raw, no autograd).
  fileprivate func rowsAlong(_ d: Int) throws -> (rows: Tensor, perm: [Int]) {
    var perm = Array(0..<ndim)
    perm.remove(at: d)
    perm.append(d)
    let moved = permutedRaw(perm)
    return (moved.isContiguous ? moved : try moved.copyData(to: dtype), perm)
  }

  /// Undoes `rowsAlong`'s permutation on a result computed row by row.
  fileprivate func restoring(_ perm: [Int]) throws -> Tensor {
    var inverse = [Int](repeating: 0, count: perm.count)
    for (i, d) in perm.enumerated() { inverse[d] = i }
    let back = permutedRaw(inverse)
    return back.isContiguous ? back : try back.copyData(to: dtype)
  }

  /// softmax(x)ᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x) along `dim` (subtracting the max keeps
  /// the exponentials from overflowing).
  public func softmax(dim: Int) throws -> Tensor {
    let out = try softmaxRaw(dim: dim, log: false)
    let d = ndim == 0 ? 0 : try dimension(dim, "softmax")
    return try record(out, .softmax(out: out.detach(), dim: d), [self])
  }

  /// log softmax(x)ᵢ = xᵢ − max x − log Σⱼ e^(xⱼ − max x) along `dim`.
  public func logSoftmax(dim: Int) throws -> Tensor {
    let out = try softmaxRaw(dim: dim, log: true)
    let d = ndim == 0 ? 0 : try dimension(dim, "log_softmax")
    return try record(out, .logSoftmax(out: out.detach(), dim: d), [self])
  }

  private func softmaxRaw(dim: Int, log: Bool) throws -> Tensor {
    guard dtype.isFloatingPoint else {
      throw TensorError(
        .dtypeMismatch, "softmax: expected a floating point tensor, got \(dtype.torchName)")
    }
    if ndim == 0 { return try Tensor.full([], value: log ? 0 : 1, dtype: dtype) }
    let d = try dimension(dim, "softmax")
    let (rows, perm) = try rowsAlong(d)
    let out = try Tensor(empty: rows.shape, dtype: dtype)
    let c = shape[d]
    let n = c == 0 ? 0 : rows.count / c
    if dtype == .float32 {
      softmaxRowsFloat(
        rows.storage.typed(Float.self) + rows.storageOffset, out.storage.typed(Float.self), n, c,
        log)
    } else {
      softmaxRows(
        rows.storage.typed(Double.self) + rows.storageOffset, out.storage.typed(Double.self), n, c,
        log)
    }
    return try out.restoring(perm)
  }
}

@inline(__always)
private func softmaxRows<T: FloatElement>(
  _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, _ c: Int, _ log: Bool
) {
  for i in 0..<n {
    let row = x + i * c
    let dst = y + i * c
    var m = -T.infinity
    for j in 0..<c where row[j] > m || row[j].isNaN { m = row[j] }
    if m == -T.infinity { m = 0 }
    var s = T.zeroValue
    for j in 0..<c {
      let e = T.expValue(row[j] - m)
      dst[j] = e
      s += e
    }
    if log {
      let shift = m + T.logValue(s)
      for j in 0..<c { dst[j] = row[j] - shift }
    } else {
      let inv = 1 / s
      for j in 0..<c { dst[j] *= inv }
    }
  }
}

/// `softmaxRows` for float32, with the row maximum and the exponentials taken eight (or
/// sixteen) lanes at a time by the kernels cross-entropy uses.
private func softmaxRowsFloat(
  _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ c: Int,
  _ log: Bool
) {
  for i in 0..<n {
    let row = x + i * c
    let dst = y + i * c
    let m = maxRow(row, c)
    guard !m.isNaN else {
      for j in 0..<c { dst[j] = .nan }
      continue
    }
    let shift = m == -.infinity ? 0 : m
    let s = expRowStore(row, dst, c, shift)  // dst = e^(x − m), s = Σ dst
    if log {
      // log softmax = x − m − log s
      let offset = shift + Foundation.log(s)
      for j in 0..<c { dst[j] = row[j] - offset }
    } else {
      let inverse = 1 / s
      for j in 0..<c { dst[j] *= inverse }
    }
  }
}

/// ∂/∂x of log softmax: gᵢ − softmaxᵢ · Σⱼ gⱼ along `dim`, softmax = e^out. Contiguous
/// float32 rows along the last dimension take one pass per row; the rest is composed.
func logSoftmaxBackward(_ g: Tensor, out: Tensor, dim: Int) throws -> Tensor {
  guard out.dtype == .float32, g.dtype == .float32, dim == out.ndim - 1, out.isContiguous,
    g.isContiguous, g.shape == out.shape, !GradMode.isEnabled || !g.requiresGrad
  else {
    return try g - out.exp() * g.sum(dims: [dim], keepdim: true)
  }
  let c = out.shape[dim]
  let n = c == 0 ? 0 : out.count / c
  let result = try Tensor(empty: out.shape, dtype: .float32)
  let po = out.storage.typed(Float.self) + out.storageOffset
  let pg = g.storage.typed(Float.self) + g.storageOffset
  let pr = result.storage.typed(Float.self)
  for i in 0..<n {
    let gi = pg + i * c
    let ri = pr + i * c
    var total: Float = 0
    for j in 0..<c { total += gi[j] }
    FloatVector.exp(po + i * c, ri, count: c)  // softmax of the row
    for j in 0..<c { ri[j] = gi[j] - ri[j] * total }
  }
  return result
}

/// How `crossEntropy` combines the per-row losses.
public enum LossReduction: String, Sendable {
  case mean
  case sum
  case none
}

/// Cross-entropy of class scores against class indices, fused and numerically stable:
///
/// ```
/// loss_i = −log softmax(x_i)[t_i] = logsumexp(x_i) − x_i[t_i]
/// logsumexp(x) = max x + log Σⱼ e^(xⱼ − max x)
/// ```
///
/// One pass per row computes the loss; backward writes softmax − one-hot directly, without
/// materialising log-probabilities.
///
/// - Parameters:
///   - logits: (N, C) scores, or (C) for a single example.
///   - target: (N) int64 class indices, or a 0-d index.
///   - ignoreIndex: rows whose target equals this contribute no loss and no gradient.
///   - reduction: `.mean` over the counted rows (PyTorch's default), `.sum`, or `.none`.
public func crossEntropy(
  _ logits: Tensor, _ target: Tensor, ignoreIndex: Int = -100, reduction: LossReduction = .mean
) throws -> Tensor {
  guard logits.dtype.isFloatingPoint else {
    throw TensorError(
      .dtypeMismatch,
      "cross_entropy: logits must be floating point, got \(logits.dtype.torchName)")
  }
  guard target.dtype == .int64 else {
    throw TensorError(
      .dtypeMismatch,
      "cross_entropy: target must hold class indices as int64, got \(target.dtype.torchName)")
  }
  let single = logits.ndim == 1
  guard
    (logits.ndim == 2 && target.ndim == 1 && target.shape[0] == logits.shape[0])
      || (single && target.ndim == 0)
  else {
    throw TensorError(
      .shapeMismatch,
      "cross_entropy: expected logits (N, C) with target (N), or logits (C) with a 0-d target; "
        + "got \(shapeString(logits.shape)) and \(shapeString(target.shape))")
  }
  let x = try logits.contiguous().detach()
  let rows = single ? 1 : logits.shape[0]
  let c = logits.shape[logits.ndim - 1]
  let t = try target.contiguous()
  let tp = t.storage.typed(Int64.self) + t.storageOffset
  var counted = 0
  for i in 0..<rows {
    let ti = tp[i]
    if ti == Int64(ignoreIndex) { continue }
    guard ti >= 0 && ti < Int64(c) else {
      // PyTorch's wording: the class count is in the logits' shape for anyone to read.
      throw TensorError(.indexOutOfRange, "Target \(ti) is out of bounds.")
    }
    counted += 1
  }
  // When autograd records, the forward pass keeps e^(x − max) (the softmax numerators) and
  // 1 / Σ e^(x − max) per row, so backward needs no second exponential pass and can turn the
  // kept buffer into the gradient in place.
  let recording = logits.requiresGrad && GradMode.isEnabled
  let exponentials = recording ? try Tensor(empty: [rows, c], dtype: logits.dtype) : nil
  let inverseSums = try Tensor(empty: [rows], dtype: logits.dtype)
  let losses = try Tensor(empty: single ? [] : [rows], dtype: logits.dtype)
  if logits.dtype == .float32 {
    crossEntropyRows(
      x, tp, exponentials, inverseSums, losses, rows, c, Int64(ignoreIndex), Float.self)
  } else {
    crossEntropyRows(
      x, tp, exponentials, inverseSums, losses, rows, c, Int64(ignoreIndex), Double.self)
  }
  let out: Tensor
  let scale: CrossEntropyScale
  switch reduction {
  case .none:
    out = losses
    scale = .none
  case .sum:
    out = try noGrad { try losses.sum() }
    scale = .sum
  case .mean:
    // Σ loss / (rows not ignored); 0/0 = nan when every row is ignored, as in PyTorch.
    out = try noGrad { try losses.sum() / Double(counted) }
    scale = .mean(count: counted)
  }
  guard let exponentials else {
    if Anomaly.isEnabled && !Anomaly.insideBackward {
      try Anomaly.check(out, producedBy: "cross_entropy", phase: "output")
    }
    return out
  }
  let rule = BackwardRule.crossEntropy(
    exponentials: exponentials, inverseSums: inverseSums, target: t, scale: scale,
    ignoreIndex: Int64(ignoreIndex))
  return try record(out, rule, [logits])
}

/// Per row: m = max x, s = Σ e^(x − m), loss = m + log s − x[t]; optionally keeps e^(x − m).
private func crossEntropyRows<T: FloatElement>(
  _ x: Tensor, _ t: UnsafeMutablePointer<Int64>, _ exponentials: Tensor?, _ inverseSums: Tensor,
  _ losses: Tensor, _ rows: Int, _ c: Int, _ ignore: Int64, _: T.Type
) {
  let px = x.storage.typed(T.self) + x.storageOffset
  let pe = exponentials?.storage.typed(T.self)
  let pinv = inverseSums.storage.typed(T.self)
  let po = losses.storage.typed(T.self)
  for i in 0..<rows {
    let row = px + i * c
    var m = -T.infinity
    var s = T.zeroValue
    if T.self == Float.self {
      // float32 rows: eight lanes at a time.
      let rowF = UnsafeMutableRawPointer(row).assumingMemoryBound(to: Float.self)
      let mf = maxRow(rowF, c)
      let shift = mf == -.infinity ? 0 : mf
      m = T(fromDouble: Double(shift))
      if let pe {
        let dst = UnsafeMutableRawPointer(pe + i * c).assumingMemoryBound(to: Float.self)
        s = T(fromDouble: Double(expRowStore(rowF, dst, c, shift)))
      } else {
        s = T(fromDouble: Double(expSumRow(rowF, c, shift)))
      }
    } else {
      for j in 0..<c where row[j] > m || row[j].isNaN { m = row[j] }
      if m == -T.infinity { m = 0 }
      for j in 0..<c {
        let e = T.expValue(row[j] - m)
        pe?[i * c + j] = e
        s += e
      }
    }
    pinv[i] = 1 / s
    po[i] = t[i] == ignore ? 0 : m + T.logValue(s) - row[Int(t[i])]
  }
}

/// ∂loss/∂x_ij = scale_i · (softmax(x_i)_j − [j = t_i]), softmax = e / Σe from the kept
/// numerators. With `inPlace` the kept buffer becomes the gradient (no allocation).
func crossEntropyBackward(
  _ g: Tensor, exponentials: Tensor, inverseSums: Tensor, target t: Tensor,
  scale: CrossEntropyScale, ignoreIndex: Int64, inPlace: Bool
) throws -> Tensor {
  let out =
    inPlace ? exponentials : try Tensor(empty: exponentials.shape, dtype: exponentials.dtype)
  let rows = inverseSums.count
  let c = exponentials.count / Swift.max(rows, 1)
  let gc = try g.to(exponentials.dtype).contiguous()
  var scales = [Double](repeating: 0, count: rows)
  switch scale {
  case .none: for i in 0..<rows { scales[i] = gc.doubleAt(flat: i) }
  case .sum: scales = [Double](repeating: try gc.item(), count: rows)
  case .mean(let count): scales = [Double](repeating: try gc.item() / Double(count), count: rows)
  }
  let tp = t.storage.typed(Int64.self) + t.storageOffset
  if exponentials.dtype == .float32 {
    ceBackwardRows(exponentials, inverseSums, out, tp, scales, rows, c, ignoreIndex, Float.self)
  } else {
    ceBackwardRows(exponentials, inverseSums, out, tp, scales, rows, c, ignoreIndex, Double.self)
  }
  return out
}

private func ceBackwardRows<T: FloatElement>(
  _ e: Tensor, _ inverseSums: Tensor, _ out: Tensor, _ t: UnsafeMutablePointer<Int64>,
  _ scales: [Double], _ rows: Int, _ c: Int, _ ignore: Int64, _: T.Type
) {
  let pe = e.storage.typed(T.self)
  let pinv = inverseSums.storage.typed(T.self)
  let po = out.storage.typed(T.self)
  for i in 0..<rows {
    let dst = po + i * c
    if t[i] == ignore {
      dst.update(repeating: T.zeroValue, count: c)
      continue
    }
    let s = T(fromDouble: scales[i])
    let k = s * pinv[i]
    if T.self == Float.self {
      let src = UnsafeMutableRawPointer(pe + i * c).assumingMemoryBound(to: Float.self)
      let dstF = UnsafeMutableRawPointer(dst).assumingMemoryBound(to: Float.self)
      let kf = Float(k.doubleValue)
      mapFloat8(src, dstF, c, { kf * $0 }, { kf * $0 })
    } else {
      for j in 0..<c { dst[j] = k * pe[i * c + j] }
    }
    dst[Int(t[i])] -= s
  }
}
