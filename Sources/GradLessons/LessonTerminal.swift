// The terminal a lesson's session writes to: it passes output through, or, while
// earlier steps are replayed and checks are evaluated, keeps it aside unseen.

import GradLanguage

/// A terminal that can be muted; muted output is kept in `captured`.
public final class LessonTerminal: Terminal {
  /// Where output goes when not muted.
  public let base: Terminal
  /// Output written while muted, since the last `mute()`.
  public private(set) var captured = ""
  private var muteDepth = 0

  public init(base: Terminal) { self.base = base }

  public var supportsColor: Bool { base.supportsColor }

  /// The base terminal's answer while output is shown; kept-aside output gets plain lines.
  public var updatesInPlace: Bool { muteDepth == 0 && base.updatesInPlace }

  public func write(_ text: String) {
    if muteDepth > 0 { captured += text } else { base.write(text) }
  }

  public func writeError(_ text: String) {
    if muteDepth > 0 { captured += text } else { base.writeError(text) }
  }

  /// Runs `body` with output kept aside; returns its result and what it wrote.
  func muted<T>(_ body: () -> T) -> (result: T, output: String) {
    if muteDepth == 0 { captured = "" }
    muteDepth += 1
    let start = captured.endIndex
    let result = body()
    muteDepth -= 1
    return (result, String(captured[start...]))
  }
}
