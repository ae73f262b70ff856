// Ctrl-C for long computations. The front end's signal handler calls
// `Interrupt.request()`; loops in the interpreter and the training code call
// `Interrupt.check()` between steps and unwind with `Interrupted`.

import Synchronization

/// The process-wide "stop what you are doing" flag (safe in a signal handler).
public enum Interrupt {
  private static let flag = Atomic<Bool>(false)

  /// Asks the running computation to stop at its next check.
  public static func request() { flag.store(true, ordering: .relaxed) }

  /// Whether a stop was asked for and not yet handled.
  public static var isRequested: Bool { flag.load(ordering: .relaxed) }

  /// Forgets a pending request (at the prompt, before running new input).
  public static func clear() { flag.store(false, ordering: .relaxed) }

  /// Throws `Interrupted` (and clears the flag) if a stop was asked for.
  @inline(__always) public static func check() throws(Interrupted) {
    if flag.load(ordering: .relaxed) {
      flag.store(false, ordering: .relaxed)
      throw Interrupted()
    }
  }
}

/// Thrown when the user pressed Ctrl-C during a computation.
public struct Interrupted: Error, CustomStringConvertible {
  public init() {}
  public var description: String { "KeyboardInterrupt" }
}
