// `gradrepl train` and `gradrepl predict` through the real binary.

import Foundation
import GradTestSupport
import Synchronization
import Testing

/// Output collected from a child's pipe on a background thread.
private final class Collected: Sendable {
  private let data = Mutex(Data())
  func append(_ more: Data) { data.withLock { $0.append(more) } }
  var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// Runs gradrepl with `arguments`; `whenStderrShows` is called once, the first time standard
/// error contains `marker`. Kills the child after `timeout` seconds.
private func gradrepl(
  _ arguments: [String], timeout: Double = 60, marker: String? = nil,
  whenStderrShows: @escaping @Sendable (Process) -> Void = { _ in }
) throws -> (status: Int32, stdout: String, stderr: String) {
  let process = Process()
  process.executableURL = PseudoTerminal.gradrepl
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.path
  process.environment = env
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = stdout
  process.standardError = stderr
  let out = Collected()
  let err = Collected()
  let fired = Atomic<Bool>(false)
  // Dedicated threads, not the dispatch pool, read the pipes: a busy test run can leave the
  // pool without a free thread for a long time.
  let finished = DispatchSemaphore(value: 0)
  let outReader = stdout.fileHandleForReading
  let errReader = stderr.fileHandleForReading
  Thread.detachNewThread {
    out.append(outReader.readDataToEndOfFile())
    finished.signal()
  }
  Thread.detachNewThread {
    while true {
      let chunk = errReader.availableData
      if chunk.isEmpty { break }
      err.append(chunk)
      if let marker, err.text.contains(marker), !fired.exchange(true, ordering: .relaxed) {
        whenStderrShows(process)
      }
    }
    finished.signal()
  }
  try process.run()
  let deadline = DispatchTime.now() + timeout
  if finished.wait(timeout: deadline) == .timedOut || finished.wait(timeout: deadline) == .timedOut
  {
    process.terminate()
    Issue.record("gradrepl \(arguments) did not finish within \(timeout) s")
  }
  process.waitUntilExit()
  return (process.terminationStatus, out.text, err.text)
}

private func temporaryPath(_ name: String) throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir.appendingPathComponent(name).path
}

private func jsonObject(_ text: String) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(object as? [String: Any])
}

private let tinyRun = [
  "train", "nplm", "--data", "toy", "--emb", "8", "--hidden", "16", "--lr", "0.01",
  "--max-steps", "20", "--seed", "7",
]

@Suite struct TrainCommandTests {
  @Test func tinyRunWithJSONIsOneObjectAndDeterministic() throws {
    let first = try gradrepl(tinyRun + ["--json"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.split(separator: "\n").count == 1)
    let report = try jsonObject(first.stdout)
    #expect(report["model"] as? String == "nplm")
    #expect(report["steps"] as? Int == 20)
    #expect(report["stopped"] as? Bool == false)
    #expect(report["vocab_size"] as? Int == 297)
    let test = try #require(report["test_ppl"] as? Double)
    #expect(test > 1 && test < 297)  // better than guessing uniformly over |V| = 297
    let epochs = try #require(report["epochs"] as? [[String: Any]])
    #expect(epochs.count == 1)
    #expect(first.stderr.contains("epoch 1  step 20/260"))

    let second = try jsonObject(try gradrepl(tinyRun + ["--json"]).stdout)
    #expect(second["test_ppl"] as? Double == test)
    #expect(second["final_loss"] as? Double == report["final_loss"] as? Double)
  }

  @Test func tableGoesToStdoutAndProgressToStderr() throws {
    let result = try gradrepl(tinyRun)
    #expect(result.status == 0)
    #expect(result.stdout.contains("| epoch |  train PPL |  valid PPL |    elapsed |"))
    #expect(result.stdout.contains("\n|     1 |"))
    #expect(result.stdout.contains("\ntest PPL "))
    #expect(!result.stdout.contains("tok/s"))
    #expect(result.stderr.contains(" tok/s  ETA "))
  }

  @Test func plotWithoutATerminalDrawsTheFinalPlotAsText() throws {
    let result = try gradrepl(
      [
        "train", "gru", "--data", "toy", "--emb", "8", "--hidden", "8", "--batch", "4",
        "--bptt", "5", "--max-steps", "30", "--plot",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("gradient norm"))
    #expect(result.stdout.contains("clip at 0.25"))
    #expect(result.stdout.contains("clipped ("))
    #expect(result.stdout.hasSuffix("test PPL " + (result.stdout.split(separator: " ").last ?? "")))
  }

  @Test func aSavedRunSaysWhereTheCheckpointWent() throws {
    let path = try temporaryPath("told.gradlm")
    let result = try gradrepl(tinyRun + ["--save", path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\ncheckpoint saved to \(path) "))
    #expect(FileManager.default.fileExists(atPath: path))
  }

  @Test func saveThenPredict() throws {
    let path = try temporaryPath("toy.gradlm")
    let trained = try gradrepl(
      tinyRun.map { $0 == "20" ? "150" : $0 } + ["--batch", "32", "--save", path, "--json"])
    #expect(trained.status == 0, "\(trained.stderr)")
    #expect(try jsonObject(trained.stdout)["checkpoint"] as? String == path)

    let predicted = try gradrepl(["predict", "--checkpoint", path, "the cat sat", "-k", "3"])
    #expect(predicted.status == 0, "\(predicted.stderr)")
    let lines = predicted.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.first?.hasPrefix("on ") == true, "\(predicted.stdout)")

    let json = try gradrepl(["predict", "--checkpoint", path, "the cat sat", "--json"])
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    #expect(rows.count == 5)
    #expect(rows.first?["token"] as? String == "on")
  }

  @Test func badDataFileIsOneErrorLine() throws {
    let result = try gradrepl(["train", "lstm", "--data", "/nonexistent/corpus.txt"])
    #expect(result.status != 0)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr
        == "gradrepl train: error: No such file: /nonexistent/corpus.txt. Check the path (it is "
        + "relative to the current directory).\n")

    let checkpoint = try gradrepl(["predict", "--checkpoint", "/nonexistent.gradlm", "the"])
    #expect(checkpoint.status != 0)
    #expect(checkpoint.stderr.hasPrefix("gradrepl predict: error: cannot load '/nonexistent"))
    #expect(checkpoint.stderr.split(separator: "\n").count == 1)
  }

  @Test func badOptionsExitNonZero() throws {
    let epochs = try gradrepl(["train", "nplm", "--data", "toy", "--epochs", "0"])
    #expect(epochs.status != 0)
    #expect(epochs.stderr == "gradrepl train: error: epochs must be between 1 and 100000, got 0\n")
    let size = try gradrepl(["train", "gru", "--data", "toy", "--hidden", "0"])
    #expect(size.status == 1)
    #expect(size.stderr.hasPrefix("gradrepl train: error: "))
    #expect(size.stderr.split(separator: "\n").count == 1)
  }

  @Test func ctrlCStopsTrainingAndStillEvaluatesAndSaves() throws {
    let path = try temporaryPath("stopped.gradlm")
    let result = try gradrepl(
      [
        "train", "nplm", "--data", "toy", "--emb", "8", "--hidden", "8", "--epochs", "50",
        "--save", path, "--json",
      ],
      marker: "step ", whenStderrShows: { $0.interrupt() })
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("training stopped after "))
    let report = try jsonObject(result.stdout)
    #expect(report["stopped"] as? Bool == true)
    #expect(report["test_ppl"] as? Double != nil)
    #expect(FileManager.default.fileExists(atPath: path))
  }
}
