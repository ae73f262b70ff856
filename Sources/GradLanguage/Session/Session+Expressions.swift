// Evaluating one expression in the session without running it as an entry:
// guided lessons check a student's work this way (by value, never by the text typed).

extension Session {
  /// Evaluates `expression` against the session's variables; nothing is echoed or recorded.
  /// - Returns: the value, or the error a student would have seen.
  public func evaluateExpression(_ expression: String) -> Result<RValue, ReplError> {
    do throws(ReplError) {
      return .success(try evaluate(expression))
    } catch {
      return .failure(error)
    }
  }
}
