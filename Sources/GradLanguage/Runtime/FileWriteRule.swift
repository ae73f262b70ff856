// Where code may write files. Outside a lesson anything the user names is
// fine; a guided lesson narrows it to the user's data directories, so lesson
// code (and what a student pastes from it) cannot scribble over other files.

/// Decides whether a path may be written: nil allows it, a message refuses it.
public typealias FileWriteRule = (_ path: String) -> String?

extension Interpreter {
  /// Throws `PermissionError` with the rule's message when `path` may not be written.
  public func checkWritable(_ path: String) throws(ReplError) {
    guard let rule = fileWriteRule, let refusal = rule(path) else { return }
    throw ReplError("PermissionError", refusal)
  }
}

extension Session {
  /// Checks a path named by a command (`:save`, `:dot`) against the session's rule.
  /// - Returns: the refusal message, or nil when the path may be written.
  func refusalToWrite(_ path: String) -> String? {
    fileWriteRule.flatMap { $0(path) }
  }
}
