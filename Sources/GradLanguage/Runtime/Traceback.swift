// Python's traceback: the chain of calls an uncaught error came out of.
//
// Nothing is recorded while calls succeed, so a call costs what it cost before.
// An error knows only its innermost position while it unwinds inside one
// function. When it leaves that function, `Interpreter.callFunction` turns the
// position into a frame (the function's name, its file, the line) and forgets
// it, so the call expression in the caller fills in the caller's line next; the
// top level adds the `<module>` frame last. The frames pile up innermost first,
// and `traceback` reverses them into the order Python prints:
//
//     Traceback (most recent call last):
//       File "<stdin>", line 1, in <module>
//         train(3)
//       File "<stdin>", line 3, in train
//         return step(n) / 0
//     ZeroDivisionError: division by zero

import Foundation

/// One entry of a traceback: `File "train.py", line 12, in step`.
public struct TracebackFrame: Equatable, Sendable {
  /// The script's name, or `<stdin>` for an entry typed at the prompt.
  public var fileName: String
  /// The line, counted from 1 in the file (or in the entry, at the prompt).
  public var line: Int
  /// The function's name, `<lambda>`, or `<module>` for the top level.
  public var function: String
  /// The text of that line without its indentation, when the source is known.
  public var sourceLine: String?

  public init(fileName: String, line: Int, function: String, sourceLine: String? = nil) {
    self.fileName = fileName
    self.line = line
    self.function = function
    self.sourceLine = sourceLine
  }

  /// The name Python gives the top level of a program.
  public static let moduleName = "<module>"

  /// A line of the frame an error is still inside (a re-raised error's earlier line): it
  /// gets its function's name and file when the error leaves that frame.
  static func unnamed(line: Int) -> TracebackFrame {
    TracebackFrame(fileName: "", line: line, function: "")
  }

  var isUnnamed: Bool { function.isEmpty }
}

/// The text code was compiled from and the name tracebacks give it. Each function keeps the
/// one it was defined in, so an error shows the line of the right entry or file.
final class SourceText {
  /// What Python calls the prompt's input: `File "<stdin>", line 1, in <module>`.
  static let promptName = "<stdin>"

  let fileName: String
  private let text: String
  /// Split only when an error needs a line: compiling stays as cheap as before.
  private var lines: [Substring]?

  init(fileName: String, text: String) {
    self.fileName = fileName
    self.text = text
  }

  /// Line `number` (from 1) without its indentation; nil past the end or when blank.
  func line(_ number: Int) -> String? {
    let all = lines ?? text.split(separator: "\n", omittingEmptySubsequences: false)
    lines = all
    guard number >= 1, number <= all.count else { return nil }
    let shown = all[number - 1].trimmingCharacters(in: .whitespacesAndNewlines)
    return shown.isEmpty ? nil : shown
  }
}

extension ReplError {
  /// The calls the error came out of, outermost first (the top level's `<module>` frame, then
  /// each function down to the one where it was raised); empty for syntax errors.
  public var traceback: [TracebackFrame] { unwound.reversed() }

  /// Whether the error came out of at least one function, so that its traceback says more
  /// than its one line does.
  public var hasFunctionFrames: Bool {
    unwound.contains { $0.function != TracebackFrame.moduleName }
  }

  /// Adds the frame the error is leaving, named `function`: the line where it is now, after
  /// the lines of that frame it already passed (an error re-raised with `raise e` also
  /// shows the line where it was caught).
  mutating func recordFrame(function: String, source: SourceText?, fallbackLine: Int) {
    unwound.append(TracebackFrame.unnamed(line: position?.line ?? fallbackLine))
    var k = unwound.count - 1
    while k >= 0, unwound[k].isUnnamed {
      let line = unwound[k].line
      unwound[k] = TracebackFrame(
        fileName: source?.fileName ?? SourceText.promptName, line: line, function: function,
        sourceLine: source?.line(line))
      k -= 1
    }
  }

  /// The error as it leaves a call of `code`: its frame recorded, its position forgotten so
  /// that the call site in the caller gives the caller's line.
  func leaving(_ code: FunctionCode) -> ReplError {
    var e = self
    e.recordFrame(function: code.name, source: code.source, fallbackLine: code.position.line)
    e.position = nil
    return e
  }

  /// The error again, for `raise e` of an error caught earlier: the new one keeps the caught
  /// one's frames, and the line where it was caught stays a line of the frame it is in.
  func raisedAgain(from caught: ReplError) -> ReplError {
    var e = self
    e.unwound = caught.unwound
    if let line = caught.position?.line { e.unwound.append(TracebackFrame.unnamed(line: line)) }
    return e
  }

  /// Python's traceback text, ending with the error's own line:
  /// `Traceback (most recent call last):`, then `  File "f.py", line 3, in f` and the
  /// source line indented by four for each frame, outermost first.
  ///
  /// Runaway recursion repeats one frame hundreds of times; as in Python, three copies
  /// are shown and the rest counted: `  [Previous line repeated 996 more times]`.
  public var tracebackText: String {
    var text = "Traceback (most recent call last):\n"
    let cutoff = 3
    var last: TracebackFrame?
    var count = 0
    func flushRepeats() {
      guard count > cutoff else { return }
      let more = count - cutoff
      text += "  [Previous line repeated \(more) more time\(more == 1 ? "" : "s")]\n"
    }
    for frame in traceback {
      if let previous = last, previous.fileName == frame.fileName, previous.line == frame.line,
        previous.function == frame.function
      {
        count += 1
      } else {
        flushRepeats()
        last = frame
        count = 1
      }
      guard count <= cutoff else { continue }
      text += "  File \"\(frame.fileName)\", line \(frame.line), in \(frame.function)\n"
      if let source = frame.sourceLine { text += "    \(source)\n" }
    }
    flushRepeats()
    return text + description + "\n"
  }
}

/// The third argument `__exit__` gets when the block raised: it says only that there is
/// a traceback (the frames are printed when the error is not swallowed).
final class TracebackObject: RuntimeObject {
  var typeName: String { "traceback" }
  func repr() -> String { "<traceback object at \(address(of: self))>" }
}
