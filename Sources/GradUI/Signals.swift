// Signals: Ctrl-C must reach a long computation (as an interrupt request)
// and the prompt (as "clear this line"), never kill the session.

import Foundation
import GradBase

/// Installs the process's SIGINT handling for an interactive session.
public enum Signals {
  /// Set by the handler; the line reader polls it to notice Ctrl-C at the prompt.
  nonisolated(unsafe) static var sigintPending: Int32 = 0
  /// The self-pipe: handlers write a byte to `wakeWrite`, so a `poll` on
  /// `wakeRead` wakes whichever thread the kernel delivered the signal to.
  nonisolated(unsafe) static var wakeRead: Int32 = -1
  nonisolated(unsafe) static var wakeWrite: Int32 = -1

  /// Called from signal handlers: async-signal-safe.
  static func wake() {
    var byte: UInt8 = 1
    _ = Foundation.write(wakeWrite, &byte, 1)
  }

  /// Empties the self-pipe (after its wake-up was noticed).
  static func drainWakeups() {
    var buffer = [UInt8](repeating: 0, count: 64)
    while buffer.withUnsafeMutableBytes({ Foundation.read(wakeRead, $0.baseAddress, $0.count) }) > 0
    {}
  }

  /// SIGINT asks the running computation to stop (`Interrupt.request()`).
  /// No SA_RESTART: a blocking `poll` at the prompt returns EINTR instead.
  /// Also unblocks the signals a parent process may have handed us blocked.
  public static func install() {
    if wakeRead < 0 {
      var ends: [Int32] = [-1, -1]
      if pipe(&ends) == 0 {
        for fd in ends {
          _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
          _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeRead = ends[0]
        wakeWrite = ends[1]
      }
    }
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signal in [SIGINT, SIGTERM, SIGWINCH, SIGHUP] { sigaddset(&unblock, signal) }
    sigprocmask(SIG_UNBLOCK, &unblock, nil)

    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      Signals.sigintPending = 1
      Interrupt.request()
      Signals.wake()
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }
}
