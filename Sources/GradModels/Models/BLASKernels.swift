// Raw-buffer access and BLAS for the fused model kernels.
//
// The fused layers read weights and write gradients straight into tensor storage, the way a
// PyTorch extension uses `data_ptr()`: one GEMM over many time steps instead of many small
// autograd nodes. Everything here works on contiguous tensors only.
import Foundation
import GradTensor

/// The element types the fused kernels are written for (float32 for training, float64 for
/// gradient checks), with their BLAS routine and transcendental functions.
protocol KernelScalar: BinaryFloatingPoint {
  static var dtype: DType { get }
  /// `C = α·op(A)·op(B) + β·C`, row-major; op(A) is m × k, op(B) is k × n.
  static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
    a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
  static func tanh(_ x: Self) -> Self
  static func exp(_ x: Self) -> Self
}

extension KernelScalar {
  /// σ(x) = 1 / (1 + e⁻ˣ), written to stay finite for large |x|.
  @inline(__always) static func sigmoid(_ x: Self) -> Self {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
  }
}

extension Float: KernelScalar {
  static var dtype: DType { .float32 }
  static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    BLAS.sgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
      ldb: ldb, beta: beta, c: c, ldc: ldc)
  }
  @inline(__always) static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
  @inline(__always) static func exp(_ x: Float) -> Float { Foundation.expf(x) }
}

extension Double: KernelScalar {
  static var dtype: DType { .float64 }
  static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    BLAS.dgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
      ldb: ldb, beta: beta, c: c, ldc: ldc)
  }
  @inline(__always) static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
  @inline(__always) static func exp(_ x: Double) -> Double { Foundation.exp(x) }
}

extension Tensor {
  /// The first element of this contiguous tensor as a typed pointer (PyTorch's `data_ptr()`).
  /// The caller keeps the tensor alive while it uses the pointer.
  func elements<S: KernelScalar>(_: S.Type) throws -> UnsafeMutablePointer<S> {
    guard dtype == S.dtype else {
      throw ModelError.invalidArgument(
        "a fused kernel expected \(S.dtype.torchName) but got \(dtype.torchName)")
    }
    guard isContiguous else {
      throw ModelError.invalidArgument("a fused kernel needs a contiguous tensor")
    }
    guard let p = UnsafeMutablePointer<S>(bitPattern: dataPointerIdentity) else {
      throw ModelError.invalidArgument("a fused kernel got a tensor without storage")
    }
    return p
  }

  /// A fresh contiguous tensor filled from a buffer of `count` elements.
  static func from<S: KernelScalar>(_ buffer: UnsafePointer<S>, shape: [Int]) throws -> Tensor {
    let t = try Tensor.zeros(shape, dtype: S.dtype)
    let p = try t.elements(S.self)
    p.update(from: buffer, count: t.count)
    return t
  }

  /// Adds a freshly computed gradient into `.grad` (allocating it on first use).
  func accumulate(gradient: Tensor) throws {
    if let existing = grad {
      try existing.add_(gradient)
    } else {
      grad = gradient
    }
  }
}

/// Refuses matrix sizes BLAS cannot index (its dimensions are 32-bit integers).
func checkBLASSizes(_ sizes: Int...) throws {
  for n in sizes where n < 0 || n > Int(Int32.max) {
    throw ModelError.invalidArgument(
      "a matrix dimension of \(n) is beyond what BLAS can index (at most \(Int32.max)); use "
        + "smaller batches or sizes")
  }
}

/// A scratch buffer of kernel scalars, freed with its owner (into `ScratchPool`).
final class ScratchBuffer<S: KernelScalar> {
  let pointer: UnsafeMutablePointer<S>
  let count: Int
  private let bytes: Int

  init(count: Int, zeroed: Bool = true) {
    self.count = max(count, 0)
    bytes = max(count, 1) * MemoryLayout<S>.stride
    pointer = ScratchPool.take(bytes: bytes).bindMemory(to: S.self, capacity: max(count, 1))
    if zeroed { pointer.initialize(repeating: 0, count: max(count, 1)) }
  }

  deinit { ScratchPool.give(UnsafeMutableRawPointer(pointer), bytes: bytes) }
}

/// Keeps freed scratch buffers of 64 KiB and more for the next request of the same size: every
/// training step asks for the same sizes, and returning megabytes to the system only to fault
/// them in again cost more than the gate arithmetic. At most 128 MiB are kept.
enum ScratchPool {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var free: [Int: [UnsafeMutableRawPointer]] = [:]
  nonisolated(unsafe) private static var kept = 0
  private static let minimumBytes = 64 * 1024
  private static let capacityBytes = 128 * 1024 * 1024

  static func take(bytes: Int) -> UnsafeMutableRawPointer {
    if bytes >= minimumBytes {
      lock.lock()
      let reused = free[bytes]?.popLast()
      if reused != nil { kept -= bytes }
      lock.unlock()
      if let reused { return reused }
    }
    return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
  }

  static func give(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
    if bytes >= minimumBytes {
      lock.lock()
      let keep = kept + bytes <= capacityBytes
      if keep {
        free[bytes, default: []].append(pointer)
        kept += bytes
      }
      lock.unlock()
      if keep { return }
    }
    pointer.deallocate()
  }
}

/// Σ over the rows of a row-major [rows, columns] buffer, as a [columns] tensor: the gradient of
/// a bias added to every row, from the gradient of the output.
///
/// ```
/// ∂L/∂b_j = Σ_r ∂L/∂y_rj
/// ```
func rowSum<S: KernelScalar>(_ g: UnsafePointer<S>, rows: Int, columns: Int) throws -> Tensor {
  let sum = try Tensor.zeros([columns], dtype: S.dtype)
  let ps = try sum.elements(S.self)
  for r in 0..<rows {
    let row = g + r * columns
    for j in 0..<columns { ps[j] += row[j] }
  }
  return sum
}
