// Keeping the Swift stack safe from deep recursion in user programs.
//
// Recursion in the user's program (and in printing deeply nested lists) becomes
// recursion in the evaluator. Instead of guessing how many Swift frames fit,
// measure: the guard knows where this thread's stack ends and refuses to go
// deeper once less than a safety margin is left.

import Foundation

/// Knows the current thread's stack bounds and reports when it is nearly full.
struct StackGuard {
  /// The lowest address we allow the stack pointer to reach.
  private let limit: UInt

  /// Bytes kept free for the work done between checks and for error reporting.
  static let margin: UInt = 256 * 1024

  init() {
    var attributes = pthread_attr_t()
    var low: UInt = 0
    if let getAttributes = StackGuard.getAttributes, getAttributes(pthread_self(), &attributes) == 0
    {
      var address: UnsafeMutableRawPointer?
      var size = 0
      if pthread_attr_getstack(&attributes, &address, &size) == 0, let address {
        low = UInt(bitPattern: address)
      }
      pthread_attr_destroy(&attributes)
    }
    if low == 0 {
      // Unknown bounds: assume 512 KiB below the current frame, the smallest common default.
      low = StackGuard.currentAddress() &- 512 * 1024
    }
    limit = low &+ StackGuard.margin
  }

  /// glibc's `pthread_getattr_np` (a GNU extension the Glibc module does not export): the
  /// running thread's attributes, including its stack's address and size.
  private static let getAttributes:
    (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32)? = {
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np")
      else { return nil }
      return unsafeBitCast(
        symbol,
        to: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32).self)
    }()

  /// An address inside the caller's frame.
  @inline(never) static func currentAddress() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
  }

  /// Whether there is still comfortable room on the stack.
  @inline(__always) var hasRoom: Bool { StackGuard.currentAddress() > limit }
}
