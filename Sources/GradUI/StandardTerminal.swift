// The real terminal (or a pipe): standard output, with colour when it is a
// terminal that has it and the user has not asked for none.

import Foundation
import GradREPL

/// Writes to standard output (or another descriptor, such as stderr).
public final class StandardTerminal: Terminal {
  public let supportsColor: Bool
  private let fd: Int32

  /// - Parameter color: false forces no colour (`--no-color`); otherwise
  ///   colour is used when stdout is a terminal, TERM is not dumb and
  ///   NO_COLOR is unset (https://no-color.org).
  public init(color: Bool = true, fileDescriptor: Int32 = STDOUT_FILENO) {
    fd = fileDescriptor
    supportsColor = color && TerminalInfo.colorAllowed(fileDescriptor: fileDescriptor)
  }

  public func write(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let n = Foundation.write(fd, base + offset, bytes.count - offset)
        if n > 0 {
          offset += n
        } else if n < 0 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }
}

/// What the environment says about the terminal.
public enum TerminalInfo {
  /// Whether `fd` is a terminal.
  public static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// Colour is allowed on `fd`: a TTY, TERM set and not "dumb", NO_COLOR unset.
  public static func colorAllowed(
    fileDescriptor fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Bool {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
    guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
    return isTTY(fd)
  }
}
