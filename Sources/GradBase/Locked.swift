// A value that several threads may read and write: the engine's few
// process-wide settings (thread count, memory limit, the global generator).

import Foundation

/// A value guarded by a lock.
///
/// Each `value` read or write takes the lock once; `withLock` holds it across a
/// read-modify-write, which two separate accesses would not make atomic.
public final class Locked<Value>: @unchecked Sendable {
  // Inlinable, as when this lived inside the tensor engine: the buffer pool takes the lock on
  // every allocation, and an unspecialised generic call there would cost time.
  @usableFromInline let lock = NSLock()
  @usableFromInline var stored: Value

  /// A lock around `value`.
  public init(_ value: Value) { stored = value }

  /// The current value (each get or set alone is atomic).
  @inlinable public var value: Value {
    get {
      lock.lock()
      defer { lock.unlock() }
      return stored
    }
    set {
      lock.lock()
      stored = newValue
      lock.unlock()
    }
  }

  /// Runs `body` with the lock held, so it may read and change the value in one step.
  @inlinable public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body(&stored)
  }
}
