// Drives the real gradrepl binary through a pseudo-terminal, as a person at
// a keyboard would: keys in, screen text out, with deadlines everywhere (a
// hung child must fail the test, never hang it). Shared by the end-to-end
// tests and the start-up benchmark.

import Foundation

/// A child process whose terminal is a pseudo-terminal we hold the master of.
public final class PseudoTerminal {
  public enum Failure: Error, CustomStringConvertible {
    case openpty(Int32)
    case timeout(waitingFor: String, saw: String)
    public var description: String {
      switch self {
      case .openpty(let e): "openpty failed: errno \(e)"
      case .timeout(let text, let saw):
        "timed out waiting for \(text.debugDescription); saw:\n\(saw)"
      }
    }
  }

  private let master: Int32
  /// The `setsid` process that runs the program.
  public let pid: pid_t
  private let process: ChildProcess
  private var exitStatus: Int32?
  /// Everything the child has written, raw (escape sequences included).
  public private(set) var raw = ""
  /// How much of `raw` earlier `expect` calls consumed.
  private var mark = 0

  /// The gradrepl binary that `swift test` built next to the test bundle.
  public static var gradrepl: URL {
    if let path = ProcessInfo.processInfo.environment["GRADREPL_BINARY"] {
      return URL(fileURLWithPath: path)
    }
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("gradrepl")
  }

  /// Starts `executable` as the session leader of a new pseudo-terminal
  /// (`setsid --ctty`, so Ctrl-C is a real SIGINT from the line discipline).
  /// posix_spawn and waitpid directly: we reap the child ourselves.
  public init(
    executable: URL = PseudoTerminal.gradrepl, arguments: [String] = [],
    environment: [String: String] = [:], rows: UInt16 = 30, columns: UInt16 = 100
  ) throws {
    var master: Int32 = -1
    var slave: Int32 = -1
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw Failure.openpty(errno) }
    self.master = master
    defer { close(slave) }
    _ = fcntl(master, F_SETFD, FD_CLOEXEC)

    var env = ["TERM": "xterm", "INPUTRC": "/dev/null", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
    if let home = ProcessInfo.processInfo.environment["HOME"] { env["HOME"] = home }
    env.merge(environment) { _, new in new }

    let child = try ChildProcess(
      ["/usr/bin/setsid", "--ctty", "--wait", executable.path] + arguments, environment: env,
      standardInput: slave, standardOutput: slave, standardError: slave)
    process = child
    pid = child.pid
  }

  deinit {
    if exitStatus == nil { process.kill() }
    close(master)
  }

  /// Types `keys` (use "\r" for Enter, "\t" for Tab, "\u{03}" for Ctrl-C,
  /// "\u{04}" for Ctrl-D, "\u{1b}[A" for the up arrow).
  public func send(_ keys: String) {
    var bytes = Array(keys.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes {
        write(master, $0.baseAddress! + offset, $0.count - offset)
      }
      if n <= 0 { return }
      offset += n
    }
  }

  /// Reads until `text` appears (escape sequences stripped) after what
  /// earlier calls consumed; returns the plain text read up to and including it.
  @discardableResult
  public func expect(_ text: String, timeout: Double = 15) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let plain = PseudoTerminal.plain(String(raw.dropFirst(mark)))
      if let range = plain.range(of: text) {
        // Advance the mark past the match in the raw stream (plain is a
        // subsequence of raw, so find how much raw covers it).
        mark += rawLength(covering: plain[..<range.upperBound].count)
        return String(plain[..<range.upperBound])
      }
      let remaining = deadline.timeIntervalSinceNow
      if remaining <= 0 { throw Failure.timeout(waitingFor: text, saw: plain) }
      pump(timeout: min(remaining, 0.1))
    }
  }

  /// Everything on screen-text so far, plain.
  public var plainOutput: String { PseudoTerminal.plain(raw) }

  /// Waits for the child to exit; its exit status, or nil when it does not
  /// exit in time.
  public func waitForExit(timeout: Double = 15) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while exitStatus == nil {
      exitStatus = process.poll()
      if exitStatus != nil || Date() >= deadline { break }
      pump(timeout: 0.05)
    }
    pump(timeout: 0.05)
    return exitStatus
  }

  private func pump(timeout: Double) {
    var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&fds, 1, Int32(timeout * 1000)) > 0 else { return }
    var chunk = [UInt8](repeating: 0, count: 4096)
    let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
    if n > 0 { raw += String(decoding: chunk[..<n], as: UTF8.self) }
  }

  /// Number of raw characters from `mark` whose plain form has `count` characters.
  private func rawLength(covering count: Int) -> Int {
    let rest = String(raw.dropFirst(mark))
    var lo = 0
    var hi = rest.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if PseudoTerminal.plain(String(rest.prefix(mid))).count >= count {
        hi = mid
      } else {
        lo = mid + 1
      }
    }
    return lo
  }

  /// Text without ANSI escape sequences and carriage returns.
  public static func plain(_ text: String) -> String {
    var out = ""
    var iterator = text.unicodeScalars.makeIterator()
    while let c = iterator.next() {
      if c == "\u{1b}" {
        guard let next = iterator.next() else { break }
        if next == "[" {
          while let d = iterator.next(), !(0x40...0x7e).contains(d.value) {}
        } else if next == "]" {
          while let d = iterator.next(), d != "\u{07}" {}
        }
        continue
      }
      if c == "\r" || c == "\u{07}" { continue }
      out.unicodeScalars.append(c)
    }
    return out
  }
}
