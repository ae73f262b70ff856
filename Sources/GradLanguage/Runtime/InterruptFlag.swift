// Stopping a running program.
//
// The front end's Ctrl-C handler sets GradBase's process-wide `Interrupt`
// flag. A session can also be stopped on its own through its `InterruptFlag`
// (a lesson runner's "stop" button, or a test that must not disturb other
// code watching the process-wide flag). The evaluator checks both on every
// loop iteration and function call.

import GradBase
import Synchronization

/// A stop request for one session, safe to set from any thread.
public final class InterruptFlag: Sendable {
  private let requested = Atomic<Bool>(false)

  public init() {}

  /// Asks the session's running code to stop with KeyboardInterrupt at its next check.
  public func request() { requested.store(true, ordering: .relaxed) }

  /// Whether a stop was asked for and not yet handled.
  public var isRequested: Bool { requested.load(ordering: .relaxed) }

  /// Forgets a pending request.
  public func clear() { requested.store(false, ordering: .relaxed) }

  /// Consumes a request from this flag or from the process-wide Ctrl-C flag.
  @inline(__always) func consume() -> Bool {
    if requested.load(ordering: .relaxed) {
      requested.store(false, ordering: .relaxed)
      return true
    }
    if Interrupt.isRequested {
      Interrupt.clear()
      return true
    }
    return false
  }
}
