import Foundation
import GradTestSupport
import Testing

@testable import GradModels

/// Spectral norm, spectral radius and rescaling of W_hh.
@Suite struct DiagnosticSpectraTests {
  /// A 2 × 2 rotation by θ scaled by r has eigenvalues r·e^(±iθ): power iteration on W would
  /// rotate forever, Gelfand's formula must still give r.
  @Test func radiusOfAScaledRotationIsItsScale() {
    for (r, theta) in [(0.7, 0.3), (1.3, 2.0), (2.5, Double.pi / 2)] {
      let w = [r * cos(theta), -r * sin(theta), r * sin(theta), r * cos(theta)]
      let rho = MatrixSpectra.spectralRadius(w, size: 2)
      #expect(Swift.abs(rho - r) < 1e-9 * r, "r=\(r) θ=\(theta): got \(rho)")
    }
  }

  /// A non-normal matrix: ρ is the largest |diagonal entry| of a triangular matrix, while ‖W‖₂
  /// is larger.
  @Test func radiusAndNormDifferForANonNormalMatrix() {
    // [[0.5, 10], [0, 0.8]]: eigenvalues 0.5 and 0.8; σ_max from the 2 × 2 formula.
    let w = [0.5, 10, 0, 0.8]
    let rho = MatrixSpectra.spectralRadius(w, size: 2)
    #expect(Swift.abs(rho - 0.8) < 1e-9)
    // σ² are the eigenvalues of WᵀW = [[0.25, 5], [5, 100.64]].
    let (a, b, d) = (0.25, 5.0, 100.64)
    let top = ((a + d) + ((a - d) * (a - d) + 4 * b * b).squareRoot()) / 2
    let sigma = MatrixSpectra.spectralNorm(w, rows: 2, columns: 2)
    #expect(Swift.abs(sigma - top.squareRoot()) < 1e-10)
    #expect(sigma > rho)
  }

  @Test func nilpotentAndEmptyMatricesHaveRadiusZero() {
    #expect(MatrixSpectra.spectralRadius([0, 1, 0, 0], size: 2) == 0)
    #expect(MatrixSpectra.spectralRadius([], size: 0) == 0)
    #expect(MatrixSpectra.spectralRadius([1, 2, 3], size: 2) == 0)
    // Sizes whose product overflows are rejected, not trapped on.
    #expect(MatrixSpectra.spectralRadius([1], size: Int.max) == 0)
    #expect(MatrixSpectra.spectralNorm([1], rows: Int.max, columns: 2) == 0)
    #expect(MatrixSpectra.rescaled([0, 1, 0, 0], size: 2, toRadius: 1) == nil)
  }

  /// A symmetric matrix: ρ = ‖W‖₂ = the largest |eigenvalue|; checked on diag(−3, 2, 1) rotated.
  @Test func symmetricMatrixHasRadiusEqualToNorm() {
    let c = cos(0.4)
    let s = sin(0.4)
    // Q = rotation in the (0, 1) plane; W = Q·diag(−3, 2, 1)·Qᵀ.
    let q = [c, -s, 0, s, c, 0, 0, 0, 1]
    let lambda = [-3.0, 2, 1]
    var w = [Double](repeating: 0, count: 9)
    for i in 0..<3 {
      for j in 0..<3 {
        w[i * 3 + j] = (0..<3).reduce(0.0) { $0 + q[i * 3 + $1] * lambda[$1] * q[j * 3 + $1] }
      }
    }
    #expect(Swift.abs(MatrixSpectra.spectralRadius(w, size: 3) - 3) < 1e-9)
    #expect(Swift.abs(MatrixSpectra.spectralNorm(w, rows: 3, columns: 3) - 3) < 1e-9)
  }

  @Test func rescalingHitsTheRequestedRadius() throws {
    var random = GaussianStream(seed: 7)
    let H = 32
    let a = random.draw(H * H, standardDeviation: 1 / Double(H).squareRoot())
    for target in [0.5, 1.0, 1.5] {
      let w = try #require(MatrixSpectra.rescaled(a, size: H, toRadius: target))
      #expect(Swift.abs(MatrixSpectra.spectralRadius(w, size: H) - target) < 1e-9 * target)
    }
  }

  /// ρ(A) of the reference script's random matrix, against torch.linalg.eigvals.
  @Test(
    .enabled(
      if: ReferencePython.executable != nil,
      "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent"))
  func radiusMatchesPyTorchEigenvalues() throws {
    let (json, _) = try #require(GradientNormTests.reference(), "torch_rnn_gradnorm.py did not run")
    let rows = try #require(json["A"] as? [[Double]])
    let expected = try #require(json["spectral_radius_A"] as? Double)
    let rho = MatrixSpectra.spectralRadius(rows.flatMap { $0 }, size: rows.count)
    #expect(Swift.abs(rho - expected) < 1e-9 * expected, "\(rho) vs torch \(expected)")
  }
}
