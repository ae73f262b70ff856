// Signals: Ctrl-C must reach a long computation (as an interrupt request)
// and the prompt (as "clear this line"), never kill the session.

import Foundation
import GradCore

/// Installs the process's SIGINT handling for an interactive session.
public enum Signals {
  /// Set by the handler; the line reader polls it to notice Ctrl-C at the prompt.
  nonisolated(unsafe) static var sigintPending: Int32 = 0

  /// SIGINT asks the running computation to stop (`Interrupt.request()`).
  /// No SA_RESTART: a blocking `poll` at the prompt returns EINTR instead.
  /// Also unblocks the signals a parent process may have handed us blocked.
  public static func install() {
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signal in [SIGINT, SIGTERM, SIGWINCH, SIGHUP] { sigaddset(&unblock, signal) }
    sigprocmask(SIG_UNBLOCK, &unblock, nil)

    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      Signals.sigintPending = 1
      Interrupt.request()
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }
}
