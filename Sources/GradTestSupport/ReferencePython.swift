// The Python environment the comparison tests check against: PyTorch, numpy and micrograd in
// `$BENCH_VENV` (default ~/.venvs/gradrepl-bench, made by `bash ../shared/bench/setup.sh`).
// Nothing in the product needs Python; tests that do are skipped, with this reason, when the
// environment is absent.
import Foundation

public enum ReferencePython {
  /// The environment's directory: `$BENCH_VENV`, or ~/.venvs/gradrepl-bench.
  public static let directory: String =
    ProcessInfo.processInfo.environment["BENCH_VENV"]
    ?? FileManager.default.homeDirectoryForCurrentUser
    .appendingPathComponent(".venvs/gradrepl-bench").path

  /// Its interpreter, or nil when there is none.
  public static let executable: String? = {
    let python = URL(fileURLWithPath: directory).appendingPathComponent("bin/python").path
    return FileManager.default.isExecutableFile(atPath: python) ? python : nil
  }()

  /// Why a comparison test is skipped when `executable` is nil.
  public static let absentReason =
    "the Python reference environment ($BENCH_VENV or ~/.venvs/gradrepl-bench) is absent; "
    + "bash ../shared/bench/setup.sh makes it"

  /// What a finished run printed.
  public struct Output: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
  }

  /// Runs `python -c code arguments…` with `input` on standard input; nil when there is no
  /// environment or the run outlasts `deadline` seconds (it is then killed).
  public static func run(
    _ code: String, arguments: [String] = [], input: Data? = nil, deadline: TimeInterval = 60
  ) throws -> Output? {
    guard let executable else { return nil }
    return try runProgram(
      executable, arguments: ["-c", code] + arguments, input: input, deadline: deadline)
  }

  /// True when `module` imports in the environment (cached per module name).
  public static func canImport(_ module: String) -> Bool {
    importable.withLock { known in
      if let answer = known[module] { return answer }
      let answer = (try? run("import \(module)", deadline: 120))??.status == 0
      known[module] = answer
      return answer
    }
  }

  private static let importable = LockedDictionary()

  /// Runs any program with a deadline, reading its output on threads of its own so that a
  /// chatty or hung child can neither fill a pipe nor outlast the test.
  public static func runProgram(
    _ executable: String, arguments: [String], input: Data? = nil, deadline: TimeInterval
  ) throws -> Output? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdout = Pipe()
    let stderr = Pipe()
    let stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    let out = Collected()
    let err = Collected()
    let finished = DispatchSemaphore(value: 0)
    let outReader = stdout.fileHandleForReading
    let errReader = stderr.fileHandleForReading
    try process.run()
    Thread.detachNewThread {
      out.set(outReader.readDataToEndOfFile())
      finished.signal()
    }
    Thread.detachNewThread {
      err.set(errReader.readDataToEndOfFile())
      finished.signal()
    }
    if let input {
      let writer = stdin.fileHandleForWriting
      Thread.detachNewThread {
        try? writer.write(contentsOf: input)
        try? writer.close()
      }
    }
    let end = DispatchTime.now() + deadline
    guard finished.wait(timeout: end) == .success, finished.wait(timeout: end) == .success else {
      process.terminate()
      return nil
    }
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus,
      standardOutput: String(decoding: out.value, as: UTF8.self),
      standardError: String(decoding: err.value, as: UTF8.self))
  }
}

/// Bytes filled in by a reader thread.
private final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ more: Data) { lock.withLock { data = more } }
  var value: Data { lock.withLock { data } }
}

private final class LockedDictionary: @unchecked Sendable {
  private let lock = NSLock()
  private var known: [String: Bool] = [:]
  func withLock<T>(_ body: (inout [String: Bool]) -> T) -> T { lock.withLock { body(&known) } }
}
