// gradrepl without a terminal: scripts, -e, piped input, flags, exit codes.

import Foundation
import GradTestSupport
import Testing

/// Runs gradrepl with `arguments`, feeding `input` on stdin; kills it after
/// `timeout` seconds.
private func gradrepl(
  _ arguments: [String], input: String = "", environment: [String: String] = [:],
  timeout: Double = 30
) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  process.executableURL = PseudoTerminal.gradrepl
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.path
  env.merge(environment) { _, new in new }
  process.environment = env
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  stdin.fileHandleForWriting.write(Data(input.utf8))
  try stdin.fileHandleForWriting.close()
  // Read both pipes on their own threads so a chatty child cannot block.
  nonisolated(unsafe) var out = Data()
  nonisolated(unsafe) var err = Data()
  let group = DispatchGroup()
  DispatchQueue.global().async(group: group) {
    out = stdout.fileHandleForReading.readDataToEndOfFile()
  }
  DispatchQueue.global().async(group: group) {
    err = stderr.fileHandleForReading.readDataToEndOfFile()
  }
  if group.wait(timeout: .now() + timeout) == .timedOut {
    process.terminate()
    Issue.record("gradrepl \(arguments) did not finish within \(timeout) s")
  }
  process.waitUntilExit()
  return (
    process.terminationStatus, String(decoding: out, as: UTF8.self),
    String(decoding: err, as: UTF8.self)
  )
}

private func temporaryFile(_ contents: String, name: String = "script.py") throws -> URL {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let url = dir.appendingPathComponent(name)
  try contents.write(to: url, atomically: true, encoding: .utf8)
  return url
}

@Suite struct CommandLineTests {
  @Test func pipedInputRunsWithoutPrompts() throws {
    let result = try gradrepl([], input: "x = Value(3.0)\ny = x * x\ny.backward()\nx.grad\n")
    #expect(result.status == 0)
    #expect(result.stdout == "6.0\n")
    #expect(!result.stdout.contains(">>>"))
  }

  @Test func evalOption() throws {
    let result = try gradrepl(["-e", "print(2 ** 10)"])
    #expect(result.status == 0)
    #expect(result.stdout == "1024\n")
  }

  @Test func scriptRunsAndAnErrorExitsNonZeroWithItsLocation() throws {
    let good = try temporaryFile("a = Value(2.0)\nb = a * a\nb.backward()\nprint(a.grad)\n")
    let ok = try gradrepl([good.path])
    #expect(ok.status == 0)
    #expect(ok.stdout == "4.0\n")

    let bad = try temporaryFile("a = 1\nb = a +\n", name: "broken.py")
    let failed = try gradrepl([bad.path])
    #expect(failed.status != 0)
    #expect(failed.stderr.contains("broken.py:2:"))

    let runtime = try temporaryFile("x = 1\nprint(x)\nprint(undefined_name)\nprint(2)\n")
    let stopped = try gradrepl([runtime.path])
    #expect(stopped.status != 0)
    #expect(stopped.stdout == "1\n")
    #expect(stopped.stderr.contains("script.py:3:"))
    #expect(stopped.stderr.contains("NameError"))
  }

  @Test func anErrorInsideAFunctionPrintsPythonsTraceback() throws {
    let script = try temporaryFile(
      "def loss(xs):\n    return sum(xs) / len(xs)\n\ndef train(data):\n"
        + "    return loss(data)\n\nprint('start')\ntrain([])\n", name: "train.py")
    let result = try gradrepl([script.path])
    #expect(result.status != 0)
    #expect(result.stdout == "start\n")
    #expect(
      result.stderr == """
        Traceback (most recent call last):
          File "\(script.path)", line 8, in <module>
            train([])
          File "\(script.path)", line 5, in train
            return loss(data)
          File "\(script.path)", line 2, in loss
            return sum(xs) / len(xs)
        ZeroDivisionError: division by zero

        """)
    // Piped input is `<stdin>`, as in python3; each entry counts its own lines.
    let piped = try gradrepl([], input: "def f(x):\n    return x.nope\n\nf(1)\n")
    #expect(
      piped.stderr == """
        Traceback (most recent call last):
          File "<stdin>", line 1, in <module>
            f(1)
          File "<stdin>", line 2, in f
            return x.nope
        AttributeError: 'int' object has no attribute 'nope'

        """)
  }

  @Test func missingScriptIsAClearError() throws {
    let result = try gradrepl(["/nonexistent/lesson.py"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("/nonexistent/lesson.py"))
  }

  @Test func versionAndHelp() throws {
    let version = try gradrepl(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).first?.isNumber == true)
    let help = try gradrepl(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE"))
    #expect(help.stdout.contains("demo"))
  }

  @Test func pipedOutputHasNoColour() throws {
    let result = try gradrepl([], input: "undefined_thing\n", environment: ["TERM": "xterm"])
    #expect(!result.stdout.contains("\u{1b}["))
    #expect(!result.stderr.contains("\u{1b}["))
  }

  @Test func moonsDemoReachesFullAccuracy() throws {
    let result = try gradrepl(["demo", "moons"], timeout: 120)
    #expect(result.status == 0)
    #expect(result.stdout.contains("100.0%"))
  }
}
