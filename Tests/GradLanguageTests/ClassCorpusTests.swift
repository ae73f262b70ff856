import Foundation
import GradLanguage
import GradTestSupport
import Testing

/// Every program in `ClassCorpus/` runs through CPython and through this interpreter, and the
/// two must agree:
///
/// - standard output, byte for byte;
/// - whether the program ended with an uncaught error;
/// - for one that did, the last line of the error report (`Kind: message`; a script-location
///   prefix `FILE:LINE:COL: ` in front of it is allowed);
/// - for the `tracebacks_` programs, also the traceback's header and frame lines
///   (`Traceback (most recent call last):`, `  File "PATH", line N, in NAME`), in order.
///
/// Both sides are given the program's absolute path as its file name, the name CPython shows
/// in its frames. Skipped when /usr/bin/python3 is absent.
@Suite(
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: ClassCorpus.python),
    "\(ClassCorpus.python) is absent: the class corpus is checked against CPython"))
struct ClassCorpusTests {
  @Test func theCorpusHasItsPrograms() {
    #expect(ClassCorpus.programs.count >= 110, "found \(ClassCorpus.programs.count) programs")
  }

  @Test(arguments: ClassCorpus.programs)
  func programAgreesWithCPython(_ program: String) throws {
    let path = ClassCorpus.directory.appendingPathComponent(program).path
    let source = try String(contentsOfFile: path, encoding: .utf8)
    let reference = try #require(
      try ReferencePython.runProgram(
        ClassCorpus.python, arguments: ["-I", path], deadline: ClassCorpus.deadline),
      "CPython did not finish \(program) in \(Int(ClassCorpus.deadline)) s")
    let ours = ClassCorpus.runInProcess(source, fileName: path)

    let outputDiff = ProgramComparison.lineDiff(reference.standardOutput, ours.output)
    #expect(
      ours.output == reference.standardOutput,
      "standard output differs (- CPython, + gradrepl):\n\(outputDiff)")

    let pythonFailed = reference.status != 0
    let failureNote =
      pythonFailed
      ? "CPython ended with an error, gradrepl did not:\n\(reference.standardError)"
      : "gradrepl reported an error, CPython did not:\n\(ours.errors)"
    #expect(ours.succeeded == !pythonFailed, Comment(rawValue: failureNote))
    guard pythonFailed, !ours.succeeded else { return }

    let theirLast = ClassCorpus.lastLine(of: reference.standardError)
    let ourLast = ClassCorpus.withoutLocation(ClassCorpus.lastLine(of: ours.errors), file: path)
    #expect(
      ourLast == theirLast,
      "the error's last line differs; gradrepl reported:\n\(ours.errors)")

    if program.hasPrefix("tracebacks_") {
      let theirFrames = ClassCorpus.tracebackLines(of: reference.standardError)
      let ourFrames = ClassCorpus.tracebackLines(of: ours.errors)
      let diff = ProgramComparison.lineDiff(
        theirFrames.joined(separator: "\n"), ourFrames.joined(separator: "\n"))
      #expect(
        ourFrames == theirFrames,
        "traceback lines differ (- CPython, + gradrepl):\n\(diff)\nfull report:\n\(ours.errors)")
    }
  }
}

/// Where the corpus lives and how one program is run and its report read.
enum ClassCorpus {
  static let python = "/usr/bin/python3"
  /// Seconds either interpreter may take for one program (each takes well under one).
  static let deadline: TimeInterval = 30

  /// The corpus folder, beside this file in the source tree.
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("ClassCorpus")

  /// The programs' file names, sorted (empty when the folder is missing, which the count
  /// check reports).
  static let programs: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    .filter { $0.hasSuffix(".py") }.sorted()

  /// What one in-process run printed.
  struct Run {
    var output: String
    var errors: String
    var succeeded: Bool
  }

  /// Runs `source` as a script in a fresh language session. A program that outlasts the
  /// deadline is stopped with KeyboardInterrupt, so a hang fails the test instead of the run.
  static func runInProcess(_ source: String, fileName: String) -> Run {
    let terminal = SplitTerminal()
    let session = Session(terminal: terminal, errorStyle: .traceback)
    let flag = session.interruptFlag
    let stop = DispatchWorkItem { flag.request() }
    DispatchQueue.global().asyncAfter(deadline: .now() + deadline, execute: stop)
    let succeeded = session.runScript(source, fileName: fileName)
    stop.cancel()
    return Run(output: terminal.output, errors: terminal.errors, succeeded: succeeded)
  }

  /// The last line of `text` that is not blank.
  static func lastLine(of text: String) -> String {
    text.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? ""
  }

  /// `line` without a leading `FILE:LINE:COL: ` (or `FILE:LINE: `) naming `file`.
  static func withoutLocation(_ line: String, file: String) -> String {
    guard line.hasPrefix(file + ":") else { return line }
    var rest = line.dropFirst(file.count + 1)
    for _ in 0..<2 {
      let digits = rest.prefix(while: \.isNumber)
      guard !digits.isEmpty, rest.dropFirst(digits.count).first == ":" else { break }
      rest = rest.dropFirst(digits.count + 1)
    }
    return rest.hasPrefix(" ") ? String(rest.dropFirst()) : line
  }

  /// A traceback's header and `  File "...", line N, in NAME` lines, in order.
  static func tracebackLines(of text: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter {
      $0 == "Traceback (most recent call last):" || $0.hasPrefix("  File \"")
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
