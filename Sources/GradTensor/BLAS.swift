// The engine's only door to BLAS: general matrix multiply in float32 and float64.
// OpenBLAS on Linux, Accelerate on Apple platforms, behind the same two functions.
import Synchronization

#if canImport(Accelerate)
  import Accelerate
#else
  import CBLAS
#endif

/// Matrix multiply through the system BLAS: `C = α · op(A) · op(B) + β · C`, row-major, where
/// op(X) is X or Xᵀ. Dimensions: op(A) is m × k, op(B) is k × n, C is m × n.
///
/// Every multiply in the project goes through here, one at a time: Debian's OpenBLAS 0.3.21
/// (pthread build) gave different results when two threads multiplied at once (seen as seeded
/// training runs diverging while a test on another thread multiplied matrices). A lock costs
/// tens of nanoseconds against microseconds for the smallest product the models make, and the
/// REPL multiplies on one thread anyway.
public enum BLAS {
  private static let threads = Locked<Int>(0)
  private static let oneAtATime = Mutex<Void>(())

  /// Threads OpenBLAS may use. The engine sets 1 on first use: on 2 cores, small and skinny
  /// products are often slower with 2 threads. Set it to 2 for large square products.
  public static var threadCount: Int {
    get {
      let t = threads.value
      return t == 0 ? 1 : t
    }
    set {
      let n = Swift.min(Swift.max(1, newValue), 1024)
      threads.value = n
      #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(n))
      #endif
    }
  }

  /// Applies the default thread count once, before the first multiply.
  static func prepare() {
    if threads.value == 0 { threadCount = 1 }
  }

  /// float32 `C = α · op(A) · op(B) + β · C` (row-major, leading dimensions in elements).
  public static func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    guard m > 0, n > 0 else { return }
    prepare()
    oneAtATime.withLock { _ in
      cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(Swift.max(lda, 1)), b,
        Int32(Swift.max(ldb, 1)), beta, c, Int32(Swift.max(ldc, 1)))
    }
  }

  /// float64 `C = α · op(A) · op(B) + β · C` (row-major, leading dimensions in elements).
  public static func dgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    guard m > 0, n > 0 else { return }
    prepare()
    oneAtATime.withLock { _ in
      cblas_dgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(Swift.max(lda, 1)), b,
        Int32(Swift.max(ldb, 1)), beta, c, Int32(Swift.max(ldc, 1)))
    }
  }
}
