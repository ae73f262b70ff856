// The real terminal (or a pipe): standard output, with colour when it is a
// terminal that has it and the user has not asked for none.

import Foundation
import GradLanguage

/// Writes to standard output (or another descriptor, such as stderr).
public final class StandardTerminal: Terminal {
  public let supportsColor: Bool
  private let fd: Int32
  /// Where errors go; nil writes them to `fd` like everything else.
  private let errorFileDescriptor: Int32?
  private let errorsSupportColor: Bool

  /// - Parameter color: false forces no colour (`--no-color`); otherwise
  ///   colour is used when stdout is a terminal, TERM is not dumb and
  ///   NO_COLOR is unset (https://no-color.org).
  ///   - errors: where error messages go (standard error by default).
  public init(
    color: Bool = true, fileDescriptor: Int32 = STDOUT_FILENO,
    errors: Int32? = STDERR_FILENO
  ) {
    fd = fileDescriptor
    supportsColor = color && TerminalInfo.colorAllowed(fileDescriptor: fileDescriptor)
    errorFileDescriptor = errors
    errorsSupportColor =
      errors.map { color && TerminalInfo.colorAllowed(fileDescriptor: $0) } ?? false
  }

  public func writeError(_ text: String) {
    guard let errorFileDescriptor else { return write(text) }
    // Colour was chosen for stdout; drop it when stderr is not a colour terminal.
    let shown = errorsSupportColor ? text : TerminalInfo.removingEscapes(text)
    StandardTerminal.writeAll(shown, to: errorFileDescriptor)
  }

  public func write(_ text: String) { StandardTerminal.writeAll(text, to: fd) }

  /// A progress line is redrawn in place only on a terminal that understands `\r` and
  /// erase-to-end-of-line (not TERM=dumb).
  public var updatesInPlace: Bool {
    isatty(fd) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
  }

  /// write(2) until done, retrying on EINTR.
  static func writeAll(_ text: String, to fd: Int32) {
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

  /// `text` without ANSI escape sequences (ESC [ ... letter).
  public static func removingEscapes(_ text: String) -> String {
    guard text.contains("\u{1b}") else { return text }
    var out = ""
    var inEscape = false
    var sawBracket = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if !sawBracket {
          sawBracket = true
          if scalar != "[" { inEscape = false }
          continue
        }
        if (0x40...0x7e).contains(scalar.value) { inEscape = false }
        continue
      }
      if scalar == "\u{1b}" {
        inEscape = true
        sawBracket = false
        continue
      }
      out.unicodeScalars.append(scalar)
    }
    return out
  }
}
