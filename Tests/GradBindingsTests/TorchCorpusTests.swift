import Foundation
import GradBindings
import GradLanguage
import GradTestSupport
import Testing

/// Every program in `TorchCorpus/` is a PyTorch or numpy program as a student would write it;
/// each runs through CPython with PyTorch and through gradrepl's standard session, and the two
/// must agree:
///
/// - standard output, byte for byte;
/// - whether the program ended with an uncaught error;
/// - for one that did, the last line of the error report (`Kind: message`; a script-location
///   prefix `FILE:LINE:COL: ` in front of it is allowed).
///
/// Both sides are given the program's absolute path as its file name. The reference side runs
/// all programs in one interpreter (`ReferencePython.runPrograms`), each in a fresh namespace
/// with torch's global state reset, because importing torch once per program would cost more
/// than the programs. Skipped when the reference environment is absent.
@Suite(
  .enabled(
    if: ReferencePython.executable != nil, Comment(rawValue: ReferencePython.absentReason)))
struct TorchCorpusTests {
  @Test func theCorpusHasItsPrograms() {
    #expect(TorchCorpus.programs.count >= 70, "found \(TorchCorpus.programs.count) programs")
  }

  @Test(arguments: TorchCorpus.programs)
  func programAgreesWithPyTorch(_ program: String) async throws {
    let path = TorchCorpus.directory.appendingPathComponent(program).path
    let source = try String(contentsOfFile: path, encoding: .utf8)
    let pending = TorchCorpus.reference
    let ours = await TorchCorpus.runner.run(source, fileName: path)
    let runs = try await pending.value.get()
    let reference = try #require(runs[path], "the reference batch did not report \(program)")
    try #require(
      reference.finished,
      "PyTorch did not finish \(program) in \(Int(TorchCorpus.deadline)) s")

    if let first = ProgramComparison.firstDifference(reference.standardOutput, ours.output) {
      let diff = ProgramComparison.lineDiff(reference.standardOutput, ours.output)
      let note =
        "standard output differs at \(first) (- PyTorch, + gradrepl):\n\(diff)\n"
        + "gradrepl's errors:\n\(ours.errors)"
      Issue.record(Comment(rawValue: note))
    }

    let pythonFailed = reference.status != 0
    let failureNote =
      pythonFailed
      ? "PyTorch ended with an error, gradrepl did not:\n\(reference.standardError)"
      : "gradrepl reported an error, PyTorch did not:\n\(ours.errors)"
    #expect(ours.succeeded == !pythonFailed, Comment(rawValue: failureNote))
    guard pythonFailed, !ours.succeeded else { return }

    let theirLast = ProgramComparison.lastLine(of: reference.standardError)
    let ourLast = ProgramComparison.withoutLocation(
      ProgramComparison.lastLine(of: ours.errors), file: path)
    #expect(
      ourLast == theirLast, "the error's last line differs; gradrepl reported:\n\(ours.errors)")
  }
}

/// Where the corpus lives and how its programs are run on each side.
enum TorchCorpus {
  /// Seconds either side may take for one program (the longest trains a small LSTM).
  static let deadline: TimeInterval = 60

  /// The corpus folder, beside this file in the source tree.
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("TorchCorpus")

  /// The programs' file names, sorted (empty when the folder is missing, which the count
  /// check reports).
  static let programs: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    .filter { $0.hasSuffix(".py") }.sorted()

  typealias References = Result<[String: ReferencePython.ProgramRun], ReferencePython.BatchFailure>

  /// PyTorch's runs of the whole corpus, started by the first test that asks and shared by
  /// all; the batch runs on a thread of its own while gradrepl runs the programs.
  static let reference = Task<References, Never>.detached {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        let paths = programs.map { directory.appendingPathComponent($0).path }
        let result: References
        do {
          result = .success(try ReferencePython.runPrograms(paths, deadline: deadline) ?? [:])
        } catch let failure as ReferencePython.BatchFailure {
          result = .failure(failure)
        } catch {
          result = .failure(.init(description: "the reference batch: \(error)"))
        }
        continuation.resume(returning: result)
      }
    }
  }

  /// Runs gradrepl's side one program at a time: the tensor engine's random generator is
  /// process-wide, and a program that reseeds it must draw what it seeded.
  static let runner = InProcessRunner()

  /// What one in-process run printed.
  struct Run: Sendable {
    var output: String
    var errors: String
    var succeeded: Bool
  }

  actor InProcessRunner {
    /// Runs `source` as a script in a fresh standard session. A program that outlasts the
    /// deadline is stopped with KeyboardInterrupt, so a hang fails the test instead of the run.
    func run(_ source: String, fileName: String) -> Run {
      let terminal = SplitTerminal()
      let session = Session.standard(terminal: terminal)
      let flag = session.interruptFlag
      let stop = DispatchWorkItem { flag.request() }
      DispatchQueue.global().asyncAfter(deadline: .now() + deadline, execute: stop)
      let succeeded = session.runScript(source, fileName: fileName)
      stop.cancel()
      return Run(output: terminal.output, errors: terminal.errors, succeeded: succeeded)
    }
  }
}

/// A terminal that keeps standard output and error reports apart, as a shell would.
private final class SplitTerminal: Terminal {
  private(set) var output = ""
  private(set) var errors = ""
  let supportsColor = false
  func write(_ text: String) { output += text }
  func writeError(_ text: String) { errors += text }
}
