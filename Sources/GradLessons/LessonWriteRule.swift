// While a lesson runs, code may write files only inside the user's own
// directories: the lesson workspace ($XDG_DATA_HOME/gradrepl/lessons, fallback
// ~/.local/share/gradrepl/lessons) and the directory gradrepl was started in.
// The language has no shell and no other file writers than :save, :dot and
// torch.save, which all consult this rule.

import Foundation
import GradLanguage

/// The directories lesson code may write into, and the rule that enforces them.
public struct LessonWriteRule: Sendable {
  /// Absolute, symlink-free directory paths.
  public let allowedDirectories: [String]

  public init(allowedDirectories: [URL]) {
    self.allowedDirectories = allowedDirectories.map { LessonWriteRule.resolved($0.path) }
  }

  /// The lesson workspace and the current directory.
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> LessonWriteRule {
    LessonWriteRule(allowedDirectories: [
      workspace(environment), URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
    ])
  }

  /// `$XDG_DATA_HOME/gradrepl/lessons`, else `~/.local/share/gradrepl/lessons`.
  public static func workspace(_ environment: [String: String]) -> URL {
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
      return URL(fileURLWithPath: data).appendingPathComponent("gradrepl/lessons")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".local/share/gradrepl/lessons")
  }

  /// Whether `path` (relative to the current directory) lies inside an allowed directory.
  public func allows(_ path: String) -> Bool {
    guard !path.isEmpty else { return false }
    let absolute =
      path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    let target = LessonWriteRule.resolved(absolute)
    return allowedDirectories.contains { target.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
  }

  /// The rule a session enforces.
  public var rule: FileWriteRule {
    let allowed = self
    return { path in
      allowed.allows(path)
        ? nil
        : "during a lesson files may be written only under "
          + allowed.allowedDirectories.joined(separator: " or ") + ", not to '\(path)'"
    }
  }

  /// `..` and `.` removed and symlinks of the existing part followed, so `lessons/../../x`
  /// or a link out of the workspace cannot slip past the prefix test.
  static func resolved(_ path: String) -> String {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    // Follow links in the deepest existing folder; the file itself may not exist yet.
    var existing = url
    var rest: [String] = []
    while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
      rest.insert(existing.lastPathComponent, at: 0)
      existing = existing.deletingLastPathComponent()
    }
    var result = existing.resolvingSymlinksInPath()
    for part in rest { result = result.appendingPathComponent(part) }
    return result.standardizedFileURL.path
  }
}
