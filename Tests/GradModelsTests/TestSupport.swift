import Foundation

@testable import GradModels

/// The shared reference data (tinyshakespeare, WikiText-2), when present:
/// `$GRADREPL_SHARED/data`, else `../shared/data` next to the repository
/// (or next to the current directory).
enum SharedData {
  static let directory: URL? = {
    let environment = ProcessInfo.processInfo.environment["GRADREPL_SHARED"]
    let repository = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [
      environment.map { URL(fileURLWithPath: $0).appendingPathComponent("data") },
      repository.deletingLastPathComponent().appendingPathComponent("shared/data"),
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .deletingLastPathComponent().appendingPathComponent("shared/data"),
    ]
    return candidates.compactMap { $0 }.first {
      FileManager.default.fileExists(atPath: $0.appendingPathComponent("wikitext-2").path)
    }
  }()

  static var isAvailable: Bool { directory != nil }

  static func path(_ name: String) -> String? {
    directory?.appendingPathComponent(name).path
  }
}

/// A fresh temporary directory for file tests.
func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("gradmodels-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The ids of `tokens` in `vocabulary` (test inputs are known to be in it).
func ids(_ tokens: [String], in vocabulary: Vocabulary) -> [TokenID] {
  tokens.map { vocabulary.id(of: $0) ?? -1 }
}

/// The Python reference environment ($BENCH_VENV, default ~/.venvs/gradrepl-bench).
enum ReferencePython {
  static let executable: String? = {
    let environment = ProcessInfo.processInfo.environment
    let venv =
      environment["BENCH_VENV"]
      ?? FileManager.default.homeDirectoryForCurrentUser
      .appendingPathComponent(".venvs/gradrepl-bench").path
    let python = URL(fileURLWithPath: venv).appendingPathComponent("bin/python").path
    return FileManager.default.isExecutableFile(atPath: python) ? python : nil
  }()

  /// Runs `script` with `arguments`; returns its standard output, or nil after
  /// `deadline` seconds or a non-zero exit.
  static func run(_ script: String, arguments: [String], deadline: TimeInterval = 60) throws
    -> String?
  {
    guard let executable else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    // Read on another thread so that a hung child cannot outlast the deadline.
    let collected = Collected()
    let reader = DispatchGroup()
    DispatchQueue.global().async(group: reader) {
      collected.data = output.fileHandleForReading.readDataToEndOfFile()
    }
    if finished.wait(timeout: .now() + deadline) == .timedOut {
      process.terminate()
      return nil
    }
    reader.wait()
    let data = collected.data
    guard process.terminationStatus == 0 else { return nil }
    return String(data: data, encoding: .utf8)
  }
}

private final class Collected: @unchecked Sendable {
  var data = Data()
}
