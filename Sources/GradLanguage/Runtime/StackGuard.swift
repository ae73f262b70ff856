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

/// Runs the user's code on a thread with a deep stack.
///
/// Python allows a thousand nested calls, and micrograd's `backward()` recurses once per
/// layer of the graph (`build_topo`), a few hundred deep for the moons demo. Each call of
/// the user's program is several evaluator frames, large in a debug build, so the 8 MiB of
/// the main thread (or the 512 KiB of a secondary one) would run out long before the
/// recursion limit. The thread's stack is reserved address space: only the pages the code
/// touches are ever backed by memory.
enum DeepStack {
  /// Bytes of stack the user's code may use.
  static let size = 512 << 20

  /// Runs `body` on a fresh thread with `size` bytes of stack and waits for it; runs it here
  /// when no such thread can be made.
  static func run(_ body: () -> Void) {
    withoutActuallyEscaping(body) { escapable in
      let box = Unmanaged.passRetained(Box(escapable)).toOpaque()
      var attributes = pthread_attr_t()
      pthread_attr_init(&attributes)
      defer { pthread_attr_destroy(&attributes) }
      pthread_attr_setstacksize(&attributes, size)
      var thread = pthread_t()
      let created = pthread_create(
        &thread, &attributes,
        { context in
          guard let context else { return nil }
          Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
          return nil
        }, box)
      if created == 0 {
        pthread_join(thread, nil)
      } else {
        Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
      }
    }
  }

  /// The closure, carried to the new thread. Unchecked: the caller waits for the thread to
  /// finish, so the closure never runs on two threads at once.
  private final class Box: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }
}
