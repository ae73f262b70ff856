// Where gradrepl keeps per-user state (history, lesson progress):
// $XDG_STATE_HOME/gradrepl, falling back to ~/.local/state/gradrepl.

import Foundation

/// The per-user state directory.
public enum StateDirectory {
  public static func url(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> URL
  {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return URL(fileURLWithPath: state).appendingPathComponent("gradrepl")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".local/state/gradrepl")
  }

  /// The readline history file.
  public static var historyFile: URL { url().appendingPathComponent("history") }
}
