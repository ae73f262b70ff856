import Foundation
import GradTestSupport
import Testing

@testable import GradTensor

/// True when the arrays have equal length and every pair differs by at most `tol`.
func allClose(_ a: [Double], _ b: [Double], tol: Double = 1e-6) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol }
}

/// The message of the `TensorError` thrown by `body`, or nil if it did not throw one.
func errorMessage(_ body: () throws -> Any) -> String? {
  do {
    _ = try body()
    return nil
  } catch let error as TensorError {
    return error.message
  } catch {
    return "unexpected error type: \(error)"
  }
}

/// Expects autograd's gradients of `f` at `inputs` to match central finite differences, the
/// worst absolute error below `tolerance`.
func expectGradientsMatchFiniteDifferences(
  _ inputs: [Tensor], tolerance: Double = 1e-8, sourceLocation: SourceLocation = #_sourceLocation,
  _ f: @escaping ([Tensor]) throws -> Tensor
) throws {
  let result = try gradcheck(f, inputs: inputs)
  #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
  #expect(
    result.maxAbsoluteError.allSatisfy { $0 < tolerance }, sourceLocation: sourceLocation)
}

/// A float64 tensor of the given shape with deterministic, varied values.
func sample(_ shape: [Int], seed: UInt64 = 7, offset: Double = 0) throws -> Tensor {
  var rng = TensorRandomGenerator(seed: seed)
  let n = shape.reduce(1, *)
  return try Tensor(
    (0..<n).map { _ in rng.nextUnit() * 2 - 1 + offset }, shape: shape, dtype: .float64)
}

/// A Python interpreter that can import numpy: the reference environment's
/// (`ReferencePython`), or the system's python3 — nil when neither has numpy.
enum NumpyPython {
  static let path: String? = {
    let candidates = [ReferencePython.executable, "/usr/bin/python3"].compactMap { $0 }
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
      if (try? run(candidate, ["-c", "import numpy"]))?.status == 0 { return candidate }
    }
    return nil
  }()

  static func run(_ executable: String, _ arguments: [String]) throws -> (
    status: Int32, output: String
  ) {
    guard
      let run = try ReferencePython.runProgram(executable, arguments: arguments, deadline: 120)
    else { return (-1, "\(executable) did not finish within 120 s") }
    // Standard error only when the run failed: a warning must not end up among the numbers.
    return (run.status, run.standardOutput + (run.status == 0 ? "" : run.standardError))
  }

  /// True when the interpreter can also import torch (the bench environment).
  static let hasTorch: Bool = {
    guard let path else { return false }
    return (try? run(path, ["-c", "import torch"]))?.status == 0
  }()

  /// Runs a Python snippet and returns its standard output (and error).
  static func script(_ code: String) throws -> String {
    guard let path else { return "" }
    return try run(path, ["-c", code]).output
  }
}

/// A path in a per-process temporary directory (`folder` separates tests that list it).
func temporaryPath(_ name: String, folder: String = "files") -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
    "gradtensor-tests-\(ProcessInfo.processInfo.processIdentifier)/\(folder)")
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir.appendingPathComponent(name).path
}
