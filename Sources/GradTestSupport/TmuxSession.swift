// A program in a detached tmux session: keys in with send-keys, the screen
// out with capture-pane, exactly what a person at that window size sees.

import Foundation

/// A detached tmux session running one command.
public final class TmuxSession {
  public enum Failure: Error, CustomStringConvertible {
    case tmux(String)
    case timeout(waitingFor: String, screen: String)
    public var description: String {
      switch self {
      case .tmux(let message): "tmux: \(message)"
      case .timeout(let text, let screen):
        "timed out waiting for \(text.debugDescription); the screen was:\n\(screen)"
      }
    }
  }

  /// The tmux binary, or nil when tmux is not installed.
  public static var tmuxPath: String? {
    ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  private let tmux: String
  /// A private server socket, so tests never touch a user's tmux.
  private let socket: String
  public let name = "gradrepl"

  /// Starts `command` (argv) in a `columns` × `rows` window.
  public init(command: [String], environment: [String: String] = [:], columns: Int, rows: Int)
    throws
  {
    guard let tmux = TmuxSession.tmuxPath else { throw Failure.tmux("not installed") }
    self.tmux = tmux
    socket =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-tmux-\(UUID().uuidString)").path
    let exports = environment.map { "\($0.key)=\(TmuxSession.quote($0.value))" }
    let shell = (["env"] + exports + command.map(TmuxSession.quote)).joined(separator: " ")
    try run([
      "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)", shell,
    ])
  }

  /// gradrepl (the binary built beside the tests) in a `columns` × `rows` window, as a
  /// student would start it: a UTF-8 colour terminal, a fresh state directory of its own.
  public static func gradrepl(arguments: [String] = [], columns: Int, rows: Int) throws
    -> TmuxSession
  {
    let state = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-tmux-state-\(UUID().uuidString)")
    return try TmuxSession(
      command: [PseudoTerminal.gradrepl.path] + arguments,
      environment: [
        "XDG_STATE_HOME": state.path, "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "INPUTRC": "/dev/null",
      ],
      columns: columns, rows: rows)
  }

  deinit {
    try? run(["kill-server"])
    try? FileManager.default.removeItem(atPath: socket)
  }

  /// Types literal text (no key names).
  public func type(_ text: String) throws { try run(["send-keys", "-t", name, "-l", text]) }

  /// Pastes `text` as a terminal does: tmux wraps it in ESC[200~ … ESC[201~ when the program
  /// has asked for bracketed paste (ESC[?2004h), and sends it bare when it has not.
  public func paste(_ text: String) throws {
    try run(["set-buffer", "-b", "paste", "--", text])
    try run(["paste-buffer", "-p", "-d", "-b", "paste", "-t", name])
  }

  /// Presses named keys: "Enter", "Up", "Escape", "C-c", "q".
  public func press(_ keys: String...) throws { try run(["send-keys", "-t", name] + keys) }

  /// Resizes the window (the program gets SIGWINCH).
  public func resize(columns: Int, rows: Int) throws {
    try run(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
  }

  /// The visible screen, one string per row.
  public func screen() throws -> String { try run(["capture-pane", "-t", name, "-p"]) }

  /// Waits until the screen contains `text`; returns that screen.
  @discardableResult
  public func waitFor(_ text: String, timeout: Double = 15) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = try screen()
      if last.contains(text) { return last }
      Thread.sleep(forTimeInterval: 0.05)
    }
    throw Failure.timeout(waitingFor: text, screen: last)
  }

  /// Runs one tmux command and returns what it printed. Output goes through a
  /// temporary file, not a pipe: the first command starts the tmux server,
  /// which inherits the client's output and would keep a pipe open forever.
  @discardableResult
  private func run(_ arguments: [String]) throws -> String {
    let outputFile = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-tmux-out-\(UUID().uuidString)")
    guard FileManager.default.createFile(atPath: outputFile.path, contents: nil),
      let output = try? FileHandle(forWritingTo: outputFile)
    else { throw Failure.tmux("cannot create \(outputFile.path)") }
    defer {
      try? output.close()
      try? FileManager.default.removeItem(at: outputFile)
    }
    let devNull = open("/dev/null", O_RDONLY)
    defer { close(devNull) }
    let child = try ChildProcess(
      [tmux, "-S", socket, "-f", "/dev/null"] + arguments,
      environment: ProcessInfo.processInfo.environment, standardInput: devNull,
      standardOutput: output.fileDescriptor, standardError: output.fileDescriptor)
    guard let status = child.wait(timeout: 10) else {
      child.kill()
      throw Failure.tmux("\(arguments.first ?? "") did not finish within 10 s")
    }
    let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    guard status == 0 else {
      throw Failure.tmux("\(arguments.first ?? "") failed: \(text)")
    }
    return text
  }

  private static func quote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
