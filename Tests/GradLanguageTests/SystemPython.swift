import Foundation
import GradTestSupport

@testable import GradLanguage

/// The system's CPython (3.11 where these tests were written), for programs that need no
/// third-party package: the syntax tests run the same program through both and compare.
enum SystemPython {
  static let path = "/usr/bin/python3"
  static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }
  static let absentReason = "/usr/bin/python3 is absent, so there is nothing to compare with"

  /// What CPython prints for `program` (standard output only), or nil when it cannot run.
  static func output(of program: String) -> String? {
    guard isAvailable,
      let result = try? ReferencePython.runProgram(
        path, arguments: ["-c", program], deadline: 60)
    else { return nil }
    return result.standardOutput
  }
}

/// Runs `program` as a script in a fresh language session; returns what it printed.
func runScript(_ program: String) -> String {
  let terminal = MemoryTerminal()
  let session = Session(terminal: terminal)
  _ = session.runScript(program, fileName: "test.py")
  return terminal.output
}
