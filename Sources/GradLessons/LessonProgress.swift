// Where each student is in each lesson, kept per user in
// $XDG_STATE_HOME/gradrepl/lessons.json (fallback ~/.local/state/gradrepl),
// written atomically (a temporary file, then rename) so a crash never loses it.

import Foundation

/// Progress in one lesson.
public struct LessonProgress: Codable, Equatable, Sendable {
  /// The step the student is on (0-based).
  public var step: Int
  /// Steps whose exercise was solved (0-based), by the student's own input.
  public var solved: Set<Int>
  /// Steps whose exercise was skipped with `:skip` (the solution was entered for them).
  public var skipped: Set<Int>
  /// The last step was passed with `:next`.
  public var finished: Bool

  public init(step: Int = 0, solved: Set<Int> = [], skipped: Set<Int> = [], finished: Bool = false)
  {
    self.step = step
    self.solved = solved
    self.skipped = skipped
    self.finished = finished
  }
}

/// Every lesson's progress for one user, in one JSON file.
public final class LessonProgressStore {
  /// The JSON file.
  public let file: URL
  private var entries: [String: LessonProgress]

  /// Opens (or starts) the store at `file`; an unreadable or damaged file counts as empty.
  public init(file: URL) {
    self.file = file
    if let data = FileManager.default.contents(atPath: file.path),
      let decoded = try? JSONDecoder().decode([String: LessonProgress].self, from: data)
    {
      entries = decoded
    } else {
      entries = [:]
    }
  }

  /// The store in the user's state directory.
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> LessonProgressStore {
    LessonProgressStore(file: stateDirectory(environment).appendingPathComponent("lessons.json"))
  }

  /// `$XDG_STATE_HOME/gradrepl`, else `~/.local/state/gradrepl`.
  static func stateDirectory(_ environment: [String: String]) -> URL {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return URL(fileURLWithPath: state).appendingPathComponent("gradrepl")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".local/state/gradrepl")
  }

  /// The progress in lesson `name` (a fresh start when there is none).
  public func progress(for name: String) -> LessonProgress { entries[name] ?? LessonProgress() }

  /// Whether the lesson has been started.
  public func hasProgress(for name: String) -> Bool { entries[name] != nil }

  /// Records `progress` for lesson `name` and writes the file.
  /// - Throws: when the file cannot be written (the progress stays in memory).
  public func update(_ name: String, _ progress: LessonProgress) throws {
    entries[name] = progress
    try save()
  }

  /// Forgets lesson `name` and writes the file.
  public func remove(_ name: String) throws {
    entries[name] = nil
    try save()
  }

  private func save() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(entries)
    let directory = file.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let temporary = directory.appendingPathComponent(
      ".\(file.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    try data.write(to: temporary)
    if rename(temporary.path, file.path) != 0 {
      let code = errno
      try? FileManager.default.removeItem(at: temporary)
      throw CocoaError(
        .fileWriteUnknown,
        userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(code))])
    }
  }
}
