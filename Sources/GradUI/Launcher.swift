// Wires a session to the real terminal: readline at a TTY, plain lines from
// a pipe, or a script file or -e code.

import Foundation
import GradBindings
import GradCore
import GradLanguage
import GradPlot

/// gradrepl's version, shown by `--version` and the banner.
public enum GradREPLVersion {
  public static let string = "0.1.0"
}

/// Starts gradrepl in one of its modes and returns the process exit status.
public enum Launcher {
  /// What to run.
  public struct Mode {
    public var file: String?
    public var code: String?
    public init(file: String?, code: String?) {
      self.file = file
      self.code = code
    }
  }

  /// Runs a script file, `-e` code, the interactive REPL (stdin a TTY) or
  /// piped input (no prompts, no readline).
  /// - Parameter interactive: runs the interactive REPL in place of the plain console (the
  ///   lesson-aware console does), given the terminal; nil: the plain console.
  /// - Returns: 0 on success, 1 when the script or piped input erred,
  ///   2 when a file cannot be read.
  public static func run(
    _ mode: Mode, color: Bool, interactive: ((StandardTerminal) -> Void)? = nil
  ) -> Int32 {
    Signals.install()
    let terminal = StandardTerminal(color: color)
    let errors = StandardTerminal(color: color, fileDescriptor: STDERR_FILENO, errors: nil)
    let session = Session.standard(terminal: terminal)

    if let code = mode.code {
      return session.runScript(code, fileName: "<-e>") ? 0 : 1
    }
    if let path = mode.file {
      switch ScriptFile.read(path) {
      case .success(let text): return session.runScript(text, fileName: path) ? 0 : 1
      case .failure(let problem):
        errors.write("gradrepl: \(problem.message)\n")
        return 2
      }
    }
    guard TerminalInfo.isTTY(STDIN_FILENO) else {
      let console = Console(session: session, reader: StreamLineReader(), prompts: .empty)
      return console.run() ? 0 : 1
    }

    terminal.write(
      "gradrepl \(GradREPLVersion.string): see backpropagation happen. "
        + ":help for commands, Ctrl-D to quit.\n")
    if CursesPanel.unavailableReason() == nil { PlotDisplay.presenter = CursesPanel() }
    if let interactive {
      interactive(terminal)
      return 0
    }
    let reader = ReadlineLineReader(historyFile: StateDirectory.historyFile, completion: session)
    let console = Console(session: session, reader: reader, prompts: .standard)
    console.run()
    reader.saveHistory()
    return 0
  }

  /// `gradrepl demo moons`: micrograd's demo, printing every tenth step.
  public static func runMoonsDemo(steps: Int, seed: UInt64) -> Int32 {
    let terminal = StandardTerminal()
    terminal.write(
      "Two moons: 100 points (seed \(seed)), MLP(2, [16, 16, 1]) with ReLU,\n"
        + "hinge loss + 1e-4·Σp², \(steps) SGD steps, lr = 1.0 − 0.9·k/\(steps).\n\n")
    do {
      let result = try MoonsDemo.run(steps: steps, seed: seed) { step in
        if step.step % 10 == 0 || step.step == steps - 1 {
          terminal.write(Self.row(step) + "\n")
        }
      }
      let parameters = result.model.parameters().count
      terminal.write(
        "\n\(parameters) parameters, \(result.nodesCreated) graph nodes built and freed.\n")
      return 0
    } catch {
      terminal.write("\nKeyboardInterrupt\n")
      return 130
    }
  }

  static func row(_ step: MoonsDemo.Step) -> String {
    let number = String(step.step).leftPadded(to: 4)
    let loss = String(format: "%.6f", step.loss)
    let accuracy = String(format: "%5.1f%%", step.accuracy * 100)
    return "step \(number)  loss \(loss)  accuracy \(accuracy)"
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}

/// Reading a script named on the command line, with errors a user can act on.
enum ScriptFile {
  struct Problem: Error {
    let message: String
  }

  static func read(_ path: String) -> Result<String, Problem> {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .failure(Problem(message: "\(path): no such file"))
    }
    if isDirectory.boolValue { return .failure(Problem(message: "\(path): is a directory")) }
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(Problem(message: "\(path): cannot be read (permissions?)"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(Problem(message: "\(path): not UTF-8 text"))
    }
    return .success(text)
  }
}
