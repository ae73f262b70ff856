// Which code multiplies our matrices, for benchmark headers and bug reports.
//
// A DYNAMIC_ARCH OpenBLAS (Debian's is one) picks a kernel set for the processor when it loads,
// unless OPENBLAS_CORETYPE names one. The choice moves matrix-multiply speed by up to 2× on the
// same processor (AVX2 "Haswell" against AVX-512 "SkylakeX"/"Cooperlake" kernels), so figures
// quoted without it cannot be compared. The engine reports the choice and never overrides it.
#if canImport(Glibc) && !canImport(Accelerate)
  import Glibc
  import CBLAS
#endif

extension BLAS {
  /// The BLAS in use and its kernel set, with the setting that forced it if any, and whether
  /// float32 products run in the engine's AVX-512 kernel: "float32: gradrepl AVX-512 kernel;
  /// BLAS: OpenBLAS Haswell kernels (OPENBLAS_CORETYPE=Haswell)".
  public static var kernelDescription: String {
    #if canImport(Glibc) && !canImport(Accelerate)
      let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
      var blas = "OpenBLAS \(core) kernels (detected)"
      if let forced = getenv("OPENBLAS_CORETYPE") {
        blas = "OpenBLAS \(core) kernels (OPENBLAS_CORETYPE=\(String(cString: forced)))"
      }
    #else
      let blas = "Accelerate"
    #endif
    let own: String
    switch (ownKernelAvailable, kernelPreference) {
    case (false, _): own = "no AVX-512: every product in BLAS"
    case (true, .systemBLAS): own = "AVX-512 kernel off (blas): every product in BLAS"
    case (true, .own): own = "float32 products in gradrepl's AVX-512 kernel (own)"
    case (true, .automatic):
      own =
        ownKernelHelps
        ? "float32 products in gradrepl's AVX-512 kernel (the BLAS runs AVX2 kernels)"
        : "every product in BLAS (its kernels use AVX-512)"
    }
    return "\(own); BLAS: \(blas)"
  }
}
