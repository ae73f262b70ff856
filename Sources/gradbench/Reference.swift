// The other side of a comparison: a Python script (micrograd, PyTorch) run
// with the benchmark virtual environment, one thread, in the same go as our
// side, its `RESULT name=value unit` lines read back.

import Foundation

/// Why the reference side could not be measured.
struct ReferenceError: Error, CustomStringConvertible {
  let description: String
}

/// What a reference script printed.
struct ReferenceRun {
  /// Every line of its standard output.
  let lines: [Substring]
  /// Its RESULT lines: value by name.
  let results: [String: Double]
}

enum Reference {
  /// `$BENCH_VENV/bin/python` (default `~/.venvs/gradrepl-bench`, made by
  /// `bash ../shared/bench/setup.sh`).
  static var python: String {
    let environment = ProcessInfo.processInfo.environment
    let venv = environment["BENCH_VENV"] ?? (NSHomeDirectory() + "/.venvs/gradrepl-bench")
    return venv + "/bin/python"
  }

  /// A script of the shared baselines: `$GRADREPL_SHARED/bench/NAME`, else
  /// `shared/bench/NAME` beside the repository.
  static func sharedScript(_ name: String) -> String {
    if let shared = ProcessInfo.processInfo.environment["GRADREPL_SHARED"] {
      return shared + "/bench/" + name
    }
    return repositoryFile("../shared/bench/" + name)
  }

  /// A path relative to the repository's top folder.
  static func repositoryFile(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../" + relative).standardized.path
  }

  /// Runs `python ARGUMENTS` with one BLAS/OpenMP thread (matching our side)
  /// and returns what it printed.
  static func run(_ arguments: [String]) throws(ReferenceError) -> ReferenceRun {
    let python = python
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw ReferenceError(
        description: "--reference needs Python with micrograd and PyTorch at \(python): "
          + "run bash ../shared/bench/setup.sh or set BENCH_VENV")
    }
    if let script = arguments.first, script.hasSuffix(".py"),
      !FileManager.default.fileExists(atPath: script)
    {
      throw ReferenceError(
        description: "--reference needs \(script): keep shared/ beside the checkout "
          + "or set GRADREPL_SHARED")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["OMP_NUM_THREADS"] = "1"
    environment["MKL_NUM_THREADS"] = "1"
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    do {
      try process.run()
    } catch {
      throw ReferenceError(description: "could not start \(python): \(error)")
    }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ReferenceError(
        description: "the reference run failed (status \(process.terminationStatus)): "
          + (arguments.first ?? python))
    }
    let lines = output.split(separator: "\n")
    var results: [String: Double] = [:]
    for line in lines where line.hasPrefix("RESULT ") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      let name = String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
      let value = line[line.index(after: equals)...].split(separator: " ").first
      if let value, let number = Double(value) { results[name] = number }
    }
    return ReferenceRun(lines: lines, results: results)
  }
}
