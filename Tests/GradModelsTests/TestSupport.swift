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
