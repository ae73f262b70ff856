// The engine's only door to matrix multiply, float32 and float64: OpenBLAS on Linux,
// Accelerate on Apple platforms, and for float32 on processors with AVX-512 the engine's own
// kernel (Sources/CKernels), behind the same two functions. `KernelScalar` names the two as
// one generic `S.gemm`, for the fused kernels written once for float32 and float64.
import CKernels
import Foundation
import GradBase
import Synchronization

#if canImport(Accelerate)
  import Accelerate
#else
  import CBLAS
#endif

/// Matrix multiply: `C = α · op(A) · op(B) + β · C`, row-major, where op(X) is X or Xᵀ.
/// Dimensions: op(A) is m × k, op(B) is k × n, C is m × n.
///
/// float32 products of at least `ownKernelMinimumWork` multiply-adds run in the engine's own
/// AVX-512 kernel when the processor has AVX-512, the BLAS runs AVX2 kernels on it, and one
/// thread is asked for. A system BLAS may do that on such a processor (OpenBLAS when
/// OPENBLAS_CORETYPE says Haswell, or a build older than the processor), at half the work per
/// instruction: the kernel measured 1.6–2.1× OpenBLAS's Haswell kernels on the models' shapes.
/// `GRADREPL_GEMM=blas|own|auto` or `kernelPreference` overrides the choice.
///
/// Every BLAS multiply goes through here, one at a time: Debian's OpenBLAS 0.3.21
/// (pthread build) gave different results when two threads multiplied at once (seen as seeded
/// training runs diverging while a test on another thread multiplied matrices). A lock costs
/// tens of nanoseconds against microseconds for the smallest product the models make, and the
/// REPL multiplies on one thread anyway.
public enum BLAS {
  private static let threads = Locked<Int>(0)
  private static let oneAtATime = Mutex<Void>(())
  private static let kernelSetting = Locked<KernelPreference>(
    KernelPreference(environment: getenv("GRADREPL_GEMM").map { String(cString: $0) }))

  /// Which code multiplies float32 matrices.
  public enum KernelPreference: String, Sendable, CaseIterable {
    /// The engine's AVX-512 kernel when the processor has AVX-512 and the BLAS does not use
    /// it (`ownKernelHelps`); BLAS otherwise.
    case automatic = "auto"
    /// The engine's kernel wherever the processor can run it, even beside an AVX-512 BLAS.
    case own
    /// Always the system BLAS.
    case systemBLAS = "blas"

    /// `GRADREPL_GEMM=auto|own|blas`; anything else means automatic.
    init(environment value: String?) {
      self = value.flatMap { KernelPreference(rawValue: $0.lowercased()) } ?? .automatic
    }
  }

  /// Products smaller than this many multiply-adds (m·n·k) stay in BLAS: below it, packing
  /// costs more than the faster inner loop saves.
  public static let ownKernelMinimumWork = 1 << 16

  /// Which code multiplies float32 matrices; `GRADREPL_GEMM` in the environment sets the start
  /// value (`auto`, `own` or `blas`).
  public static var kernelPreference: KernelPreference {
    get { kernelSetting.value }
    set { kernelSetting.value = newValue }
  }

  /// True when the engine's kernel beats the BLAS here: the processor has AVX-512 and the BLAS
  /// runs AVX2 kernels. Against OpenBLAS's own AVX-512 kernels ours measured level (0.9–1.4×
  /// on one processor), which is no reason to replace a BLAS that uses AVX-512: it keeps every
  /// product then.
  public static var ownKernelHelps: Bool { ownKernelAvailable && !blasUsesAVX512 }

  private static let blasUsesAVX512: Bool = {
    #if canImport(Accelerate)
      return true
    #else
      let core = openblas_get_corename().map { String(cString: $0) }?.lowercased() ?? ""
      return ["skylakex", "cooperlake", "sapphirerapids"].contains(core)
    #endif
  }()

  /// Whether a float32 product of m·n·k multiply-adds goes to the engine's kernel.
  static func usesOwnKernel(_ m: Int, _ n: Int, _ k: Int) -> Bool {
    guard threads.value == 1,
      Double(m) * Double(n) * Double(k) >= Double(ownKernelMinimumWork)
    else { return false }
    switch kernelSetting.value {
    case .systemBLAS: return false
    case .own: return ownKernelAvailable
    case .automatic: return ownKernelHelps
    }
  }

  /// True when this processor runs the engine's AVX-512 kernel.
  public static var ownKernelAvailable: Bool { cgemm_avx512_available() != 0 }

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
    if usesOwnKernel(m, n, k),
      cgemm_sgemm(
        transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, Swift.max(lda, 1), b,
        Swift.max(ldb, 1), beta, c, Swift.max(ldc, 1)) == 0
    {
      return
    }
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

/// The element types the fused kernels are written for (float32 for training, float64 for
/// gradient checks), with their BLAS routine and transcendental functions: one generic face
/// over `BLAS.sgemm` and `BLAS.dgemm`, so a kernel is written once for both.
public protocol KernelScalar: BinaryFloatingPoint {
  /// The tensor dtype whose storage holds this type.
  static var dtype: DType { get }
  /// `C = α·op(A)·op(B) + β·C`, row-major; op(A) is m × k, op(B) is k × n.
  static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
    a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
  /// tanh of one value (the C library's, exact to an ulp).
  static func tanh(_ x: Self) -> Self
  /// eˣ of one value (the C library's).
  static func exp(_ x: Self) -> Self
}

extension KernelScalar {
  /// σ(x) = 1 / (1 + e⁻ˣ), written to stay finite for large |x|.
  @inline(__always) public static func sigmoid(_ x: Self) -> Self {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
  }
}

extension Float: KernelScalar {
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    BLAS.sgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
      ldb: ldb, beta: beta, c: c, ldc: ldc)
  }
  @inline(__always) public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
  @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
}

extension Double: KernelScalar {
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    BLAS.dgemm(
      transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
      ldb: ldb, beta: beta, c: c, ldc: ldc)
  }
  @inline(__always) public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
  @inline(__always) public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
}

/// Refuses matrix sizes BLAS cannot index (its dimensions are 32-bit integers).
public func checkBLASSizes(_ sizes: Int...) throws {
  for n in sizes where n < 0 || n > Int(Int32.max) {
    throw TensorError(
      .invalidArgument,
      "a matrix dimension of \(n) is beyond what BLAS can index (at most \(Int32.max)); use "
        + "smaller batches or sizes")
  }
}
