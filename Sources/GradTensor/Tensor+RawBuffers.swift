// Raw-buffer access for fused kernels.
//
// A fused kernel reads weights and writes gradients straight into tensor storage, the way a
// PyTorch extension uses `data_ptr()`: one GEMM over many time steps instead of many small
// autograd nodes. Everything here works on contiguous tensors only.

extension Tensor {
  /// The first element of this contiguous tensor as a typed pointer (PyTorch's `data_ptr()`).
  /// The caller keeps the tensor alive while it uses the pointer.
  public func elements<S: KernelScalar>(_: S.Type) throws -> UnsafeMutablePointer<S> {
    guard dtype == S.dtype else {
      throw TensorError(
        .invalidArgument,
        "a fused kernel expected \(S.dtype.torchName) but got \(dtype.torchName)")
    }
    guard isContiguous else {
      throw TensorError(.invalidArgument, "a fused kernel needs a contiguous tensor")
    }
    return storage.typed(S.self) + storageOffset
  }

  /// A fresh contiguous tensor filled from a buffer of `count` elements.
  public static func from<S: KernelScalar>(_ buffer: UnsafePointer<S>, shape: [Int]) throws
    -> Tensor
  {
    let t = try Tensor.zeros(shape, dtype: S.dtype)
    let p = try t.elements(S.self)
    p.update(from: buffer, count: t.count)
    return t
  }
}

/// Σ over the rows of a row-major [rows, columns] buffer, as a [columns] tensor: the gradient of
/// a bias added to every row, from the gradient of the output.
///
/// ```
/// ∂L/∂b_j = Σ_r ∂L/∂y_rj
/// ```
public func rowSum<S: KernelScalar>(_ g: UnsafePointer<S>, rows: Int, columns: Int) throws
  -> Tensor
{
  let sum = try Tensor.zeros([columns], dtype: S.dtype)
  let ps = try sum.elements(S.self)
  // Called through a generic rule (a CustomBackward's witness), S is not specialised there:
  // each concrete type gets a loop of its own, or every `+=` would be a witness call.
  if S.self == Float.self {
    rowSumFloat(
      UnsafeRawPointer(g).assumingMemoryBound(to: Float.self),
      UnsafeMutableRawPointer(ps).assumingMemoryBound(to: Float.self), rows, columns)
  } else if S.self == Double.self {
    rowSumDouble(
      UnsafeRawPointer(g).assumingMemoryBound(to: Double.self),
      UnsafeMutableRawPointer(ps).assumingMemoryBound(to: Double.self), rows, columns)
  } else {
    for r in 0..<rows {
      let row = g + r * columns
      for j in 0..<columns { ps[j] += row[j] }
    }
  }
  return sum
}

/// dst[j] += Σ_r src[r, j] for float32, eight columns at a time.
private func rowSumFloat(
  _ g: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ rows: Int, _ columns: Int
) {
  for r in 0..<rows {
    let row = UnsafeRawPointer(g + r * columns)
    var j = 0
    while j + 8 <= columns {
      let target = UnsafeMutableRawPointer(dst + j)
      let sum =
        target.loadUnaligned(as: SIMD8<Float>.self)
        + row.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
      target.storeBytes(of: sum, as: SIMD8<Float>.self)
      j += 8
    }
    while j < columns {
      dst[j] += g[r * columns + j]
      j += 1
    }
  }
}

/// dst[j] += Σ_r src[r, j] for float64.
private func rowSumDouble(
  _ g: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ rows: Int, _ columns: Int
) {
  for r in 0..<rows {
    let row = g + r * columns
    for j in 0..<columns { dst[j] += row[j] }
  }
}
