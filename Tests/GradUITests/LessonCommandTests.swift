// `gradrepl lesson` without a terminal: listing, verifying, classroom mode.

import Foundation
import GradTestSupport
import Testing

/// Runs gradrepl with `arguments` and no input; kills it after `timeout` seconds.
private func gradreplLesson(_ arguments: [String], timeout: Double = 60) throws -> (
  status: Int32, output: String
) {
  let process = Process()
  process.executableURL = PseudoTerminal.gradrepl
  process.arguments = arguments
  var environment = ProcessInfo.processInfo.environment
  let state = FileManager.default.temporaryDirectory
    .appendingPathComponent("gradrepl-lesson-cli-\(UUID().uuidString)")
  environment["XDG_STATE_HOME"] = state.path
  environment["GRADREPL_LESSONS"] = lessonsDirectory
  process.environment = environment
  let output = Pipe()
  process.standardOutput = output
  process.standardError = output
  process.standardInput = FileHandle.nullDevice
  try process.run()
  nonisolated(unsafe) var data = Data()
  let group = DispatchGroup()
  DispatchQueue.global().async(group: group) {
    data = output.fileHandleForReading.readDataToEndOfFile()
  }
  if group.wait(timeout: .now() + timeout) == .timedOut {
    process.terminate()
    Issue.record("gradrepl \(arguments) did not finish within \(timeout) s")
  }
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite struct LessonCommandTests {
  @Test func checkVerifiesEveryLesson() throws {
    let result = try gradreplLesson(["lesson", "check"])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("ok    micrograd"))
    #expect(result.output.contains("ok    autograd"))
  }

  @Test func checkFailsWithFileAndLine() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-bad-lessons-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let wrong = directory.appendingPathComponent("01-wrong.md")
    try "# W\n## S\n```check\nx == 3  # x is 3\n```\n```solution\nx = 2\n```\n"
      .write(to: wrong, atomically: true, encoding: .utf8)
    let broken = directory.appendingPathComponent("02-broken.md")
    try "# B\n## S\n```gradrepl\nx = 1\n".write(to: broken, atomically: true, encoding: .utf8)
    let result = try gradreplLesson(["lesson", "check", "--lessons", directory.path])
    #expect(result.status != 0)
    #expect(result.output.contains("\(wrong.path):4: check `x == 3` is False after the solution"))
    #expect(result.output.contains("\(broken.path):3: the ``` fence opened here is never closed"))
  }

  @Test func listingNamesTheLessons() throws {
    let result = try gradreplLesson(["lesson"])
    #expect(result.status == 0)
    #expect(result.output.contains("1. micrograd"))
    #expect(result.output.contains("not started"))
  }

  @Test func anUnknownLessonIsAnError() throws {
    let result = try gradreplLesson(["lesson", "nosuch"])
    #expect(result.status != 0)
    #expect(result.output.contains("no lesson named 'nosuch'"))
  }

  @Test func demoPlaysTheLessonWithItsChecks() throws {
    let result = try gradreplLesson(["lesson", "autograd", "--demo", "--auto", "0", "--pace", "0"])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains(">>> x = torch.ones(2, 2, requires_grad=True)"))
    #expect(result.output.contains("  ✓ every entry is (3/2)(x + 2)"))
    #expect(!result.output.contains("✗"))
    #expect(result.output.contains("End of autograd"))
  }

  @Test func demoDrawsPlotsAsTextWhenItAdvancesByItself() throws {
    let result = try gradreplLesson(["lesson", "micrograd", "--demo", "--auto", "0", "--pace", "0"])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("tanh and its slope"))
    #expect(result.output.contains("⠤⠤ 1 − tanh²(n)"))
    #expect(result.output.contains(">>> :step L"))
    #expect(result.output.contains("  ✓ do_dw1 is ∂o/∂w1 = x1 · ∂o/∂n"))
  }
}
