// Two numbers that decide whether gradients vanish or explode through W_hh.
//
//   spectral norm     ‖W‖₂ = σ_max(W) = max_{‖u‖=1} ‖W·u‖     (how much one step can stretch)
//   spectral radius   ρ(W) = max |λ_i(W)|                       (how W^n grows in the long run)
//
// ρ(W) ≤ ‖W‖₂ always; they are equal for symmetric W but not for a random one.
// Matrices are row-major [rows · columns] arrays of Double.
import Foundation

/// Spectral norms, spectral radii and rescaling of square matrices in float64.
public enum MatrixSpectra {
  /// The largest singular value ‖W‖₂ of a rows × columns matrix, by power iteration on WᵀW.
  ///
  /// ```
  /// u ← WᵀW·u / ‖WᵀW·u‖   until it settles;   ‖W‖₂ = ‖W·u‖
  /// ```
  ///
  /// WᵀW is symmetric and positive semi-definite, so its top eigenvalue σ_max² is real and the
  /// iteration cannot rotate forever (unlike power iteration on W itself).
  ///
  /// - Parameters:
  ///   - matrix: W, row-major, `rows · columns` entries.
  ///   - tolerance: stop when the estimate changes by less than this, relatively.
  public static func spectralNorm(
    _ matrix: [Double], rows: Int, columns: Int, tolerance: Double = 1e-13,
    maximumIterations: Int = 5000
  ) -> Double {
    let size = rows.multipliedReportingOverflow(by: columns)
    guard rows > 0, columns > 0, !size.overflow, matrix.count == size.partialValue else {
      return 0
    }
    // A start vector that is not orthogonal to the top singular vector with probability one.
    var u = (0..<columns).map { 1 + 0.5 * sin(Double($0) * 1.7 + 0.3) }
    var estimate = 0.0
    var wu = [Double](repeating: 0, count: rows)
    for _ in 0..<maximumIterations {
      multiply(matrix, rows: rows, columns: columns, u, into: &wu)
      let norm = euclideanNorm(wu)
      guard norm > 0, norm.isFinite else { return norm.isFinite ? 0 : .infinity }
      var next = [Double](repeating: 0, count: columns)
      multiplyTransposed(matrix, rows: rows, columns: columns, wu, into: &next)
      let nextNorm = euclideanNorm(next)
      guard nextNorm > 0 else { return norm / max(euclideanNorm(u), .leastNormalMagnitude) }
      let uNorm = euclideanNorm(u)
      let current = norm / uNorm
      u = next.map { $0 / nextNorm }
      if Swift.abs(current - estimate) <= tolerance * current {
        estimate = current
        break
      }
      estimate = current
    }
    return estimate
  }

  /// The spectral radius ρ(W) = max|λ| of a square n × n matrix, by Gelfand's formula.
  ///
  /// ```
  /// ρ(W) = lim_{m→∞} ‖W^m‖^(1/m),   with m = 2^s reached by s squarings:
  /// M₀ = W/‖W‖_F,  M_{s+1} = M_s² / ‖M_s²‖_F,  log‖W^(2^s)‖ = 2^s·log‖W‖_F + Σ 2^(s−1−i)·log‖M_i²‖_F
  /// ```
  ///
  /// Plain power iteration on W fails when the largest eigenvalues are a complex pair
  /// λ = ρ·e^(±iθ): the iterate keeps rotating by θ and never settles. The norm of W^m does
  /// not care about the rotation, so Gelfand's formula works for real and complex leading
  /// eigenvalues alike. The error is about log(C)/m for a constant C of W's eigenvectors; after
  /// 48 squarings (m ≈ 2.8·10¹⁴) it is far below float64 resolution of the logarithm.
  ///
  /// - Parameters:
  ///   - matrix: W, row-major, n · n entries.
  ///   - size: n.
  public static func spectralRadius(_ matrix: [Double], size n: Int, squarings: Int = 48)
    -> Double
  {
    let count = n.multipliedReportingOverflow(by: n)
    guard n > 0, !count.overflow, matrix.count == count.partialValue else { return 0 }
    let frobenius = euclideanNorm(matrix)
    guard frobenius > 0, frobenius.isFinite else { return frobenius.isFinite ? 0 : .infinity }
    var m = matrix.map { $0 / frobenius }
    // logGrowth / 2^s is log ρ estimated from W^(2^s); start at s = 0: log‖W‖.
    var logNorm = log(frobenius)
    var power = 1.0
    var squared = [Double](repeating: 0, count: n * n)
    for _ in 0..<max(squarings, 0) {
      square(m, size: n, into: &squared)
      let norm = euclideanNorm(squared)
      // W nilpotent (every eigenvalue 0): the powers vanish exactly.
      guard norm > 0 else { return 0 }
      // log‖W^(2m)‖ = 2·log‖W^m‖ + log‖M²‖ where M = W^m/‖W^m‖.
      logNorm = 2 * logNorm + log(norm)
      power *= 2
      for i in 0..<(n * n) { m[i] = squared[i] / norm }
    }
    return exp(logNorm / power)
  }

  /// W scaled so that its spectral radius is `radius`: W · radius / ρ(W).
  ///
  /// - Returns: nil when ρ(W) = 0 (a nilpotent W cannot be scaled to any other radius).
  public static func rescaled(_ matrix: [Double], size n: Int, toRadius radius: Double)
    -> [Double]?
  {
    let current = spectralRadius(matrix, size: n)
    guard current > 0, current.isFinite, radius.isFinite else { return nil }
    let factor = radius / current
    return matrix.map { $0 * factor }
  }

  // MARK: - Small dense kernels (n ≤ a few hundred; the lecture's H is 64)

  static func euclideanNorm(_ v: [Double]) -> Double {
    // Scaled sum of squares: no overflow for entries near 1e200.
    let scale = v.reduce(0) { max($0, Swift.abs($1)) }
    guard scale > 0, scale.isFinite else { return scale }
    var s = 0.0
    for x in v {
      let y = x / scale
      s += y * y
    }
    return scale * s.squareRoot()
  }

  /// y = W·u for a rows × columns W.
  static func multiply(
    _ w: [Double], rows: Int, columns: Int, _ u: [Double], into y: inout [Double]
  ) {
    w.withUnsafeBufferPointer { pw in
      u.withUnsafeBufferPointer { pu in
        for i in 0..<rows {
          var s = 0.0
          let row = i * columns
          for j in 0..<columns { s += pw[row + j] * pu[j] }
          y[i] = s
        }
      }
    }
  }

  /// y = Wᵀ·u for a rows × columns W.
  static func multiplyTransposed(
    _ w: [Double], rows: Int, columns: Int, _ u: [Double], into y: inout [Double]
  ) {
    for j in 0..<columns { y[j] = 0 }
    w.withUnsafeBufferPointer { pw in
      u.withUnsafeBufferPointer { pu in
        y.withUnsafeMutableBufferPointer { py in
          for i in 0..<rows {
            let ui = pu[i]
            if ui == 0 { continue }
            let row = i * columns
            for j in 0..<columns { py[j] += pw[row + j] * ui }
          }
        }
      }
    }
  }

  /// S = M·M for an n × n M (BLAS, as the recurrent kernels: about four times the plain loops).
  static func square(_ m: [Double], size n: Int, into s: inout [Double]) {
    m.withUnsafeBufferPointer { pm in
      s.withUnsafeMutableBufferPointer { ps in
        guard let a = pm.baseAddress, let c = ps.baseAddress else { return }
        Double.gemm(
          transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: a, lda: n, b: a, ldb: n,
          beta: 0, c: c, ldc: n)
      }
    }
  }
}
