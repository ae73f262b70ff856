// Reads a lesson's Markdown. The format (docs/lesson-format.md):
//
//   # Title                      the first line
//   prose                        introduction
//   ## Step title                each `## ` starts a step
//   prose, ```gradrepl code      shown and run in order
//   ```check / ```hint / ```solution   an exercise (check and solution together)
//
// Anything malformed is reported as FILE:LINE: what is wrong.

/// A problem in a lesson file, at a line.
public struct LessonFormatError: Error, Equatable, CustomStringConvertible, Sendable {
  public let file: String
  public let line: Int
  public let message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// `FILE:LINE: message`.
  public var description: String { "\(file):\(line): \(message)" }
}

/// Turns lesson Markdown into a `Lesson`.
public enum LessonParser {
  /// The fence info strings the runner understands.
  static let codeKind = "gradrepl"
  static let exerciseKinds: Set<String> = ["check", "hint", "solution"]

  /// Parses `text`, read from `path` (used in messages and for the lesson's name).
  /// - Throws: `LessonFormatError` naming the first problem's line.
  public static func parse(_ text: String, path: String) throws(LessonFormatError) -> Lesson {
    var parser = State(path: path)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    try parser.read(lines)
    return try parser.finish()
  }

  /// The parse in progress.
  private struct State {
    let path: String
    var title: String?
    var introduction: [String] = []
    var steps: [LessonStep] = []
    // The step being read.
    var stepTitle: String?
    var stepLine = 0
    var blocks: [LessonBlock] = []
    var prose: [String] = []
    var checks: [LessonCheck] = []
    var checkLine: Int?
    var hints: [String] = []
    var hintLine: Int?
    var solution: LessonCode?

    init(path: String) { self.path = path }

    func error(_ line: Int, _ message: String) -> LessonFormatError {
      LessonFormatError(file: path, line: line, message: message)
    }

    mutating func read(_ lines: [String]) throws(LessonFormatError) {
      var index = 0
      while index < lines.count {
        let line = lines[index]
        let number = index + 1
        let trimmed = line.trimmingLeadingSpaces
        if trimmed.hasPrefix("```") {
          let info = String(trimmed.dropFirst(3)).trimmedSpaces
          var body: [String] = []
          var closed = false
          index += 1
          while index < lines.count {
            if lines[index].trimmingLeadingSpaces.hasPrefix("```") {
              closed = true
              break
            }
            body.append(lines[index])
            index += 1
          }
          guard closed else {
            throw error(number, "the ``` fence opened here is never closed")
          }
          try fence(info: info, body: body, line: number)
          index += 1
          continue
        }
        if line.hasPrefix("# ") {
          guard title == nil else {
            throw error(number, "a second '# ' title; steps start with '## '")
          }
          guard steps.isEmpty, stepTitle == nil, introduction.allSatisfy(\.isBlank) else {
            throw error(number, "the '# ' title must come first")
          }
          title = String(line.dropFirst(2)).trimmedSpaces
        } else if line.hasPrefix("## ") {
          try endStep()
          let name = String(line.dropFirst(3)).trimmedSpaces
          guard !name.isEmpty else { throw error(number, "a step heading needs a title") }
          stepTitle = name
          stepLine = number
        } else if title == nil, !line.isBlank {
          throw error(number, "a lesson starts with a '# Title' line")
        } else if stepTitle == nil {
          introduction.append(line)
        } else {
          prose.append(line)
        }
        index += 1
      }
    }

    mutating func fence(info: String, body: [String], line: Int) throws(LessonFormatError) {
      let kind = info.split(separator: " ").first.map(String.init) ?? ""
      let isOurs = kind == LessonParser.codeKind || LessonParser.exerciseKinds.contains(kind)
      guard title != nil || !isOurs else {
        throw error(line, "a lesson starts with a '# Title' line")
      }
      guard stepTitle != nil || !isOurs else {
        throw error(line, "```\(kind) before the first '## ' step: code belongs to a step")
      }
      let firstLine = line + 1
      switch kind {
      case LessonParser.codeKind:
        guard body.contains(where: { !$0.isBlank }) else {
          throw error(line, "empty ```gradrepl block")
        }
        flushProse()
        blocks.append(.code(LessonCode(source: body.joined(separator: "\n"), line: firstLine)))
      case "check":
        if let checkLine {
          throw error(
            line, "a second ```check block in this step (the first is at line \(checkLine))")
        }
        checkLine = line
        for (offset, text) in body.enumerated() where !text.isBlank {
          let (expression, comment) = splitComment(text)
          guard !expression.isBlank else { continue }
          checks.append(
            LessonCheck(
              expression: expression.trimmedSpaces,
              description: comment ?? expression.trimmedSpaces, line: firstLine + offset))
        }
        guard !checks.isEmpty else {
          throw error(line, "empty ```check block: write one expression per line that must be true")
        }
      case "hint":
        let text = body.joined(separator: "\n").trimmedSpaces
        guard !text.isEmpty else { throw error(line, "empty ```hint block") }
        if hintLine == nil { hintLine = line }
        hints.append(text)
      case "solution":
        if solution != nil { throw error(line, "a second ```solution block in this step") }
        guard body.contains(where: { !$0.isBlank }) else {
          throw error(line, "empty ```solution block")
        }
        solution = LessonCode(source: body.joined(separator: "\n"), line: firstLine)
      default:
        // Any other fence (```text, ```python, plain ```) is prose shown as written.
        let fenced = ["```" + info] + body + ["```"]
        if stepTitle == nil { introduction += fenced } else { prose += fenced }
      }
    }

    mutating func flushProse() {
      let text = prose.joined(separator: "\n").trimmingBlankLines
      if !text.isEmpty { blocks.append(.text(text)) }
      prose = []
    }

    mutating func endStep() throws(LessonFormatError) {
      guard let name = stepTitle else { return }
      flushProse()
      var exercise: LessonExercise?
      switch (checkLine, solution) {
      case (nil, nil):
        if let hintLine { throw error(hintLine, "a ```hint without a ```check in this step") }
      case (let line?, nil):
        throw error(line, "a ```check needs a ```solution in the same step")
      case (nil, let s?):
        throw error(s.line - 1, "a ```solution needs a ```check in the same step")
      case (_, let s?):
        exercise = LessonExercise(checks: checks, hints: hints, solution: s)
      }
      guard !blocks.isEmpty || exercise != nil else {
        throw error(stepLine, "step '\(name)' is empty: give it prose, code or an exercise")
      }
      steps.append(LessonStep(title: name, line: stepLine, blocks: blocks, exercise: exercise))
      stepTitle = nil
      blocks = []
      checks = []
      checkLine = nil
      hints = []
      hintLine = nil
      solution = nil
    }

    mutating func finish() throws(LessonFormatError) -> Lesson {
      try endStep()
      guard let title else { throw error(1, "a lesson starts with a '# Title' line") }
      guard !steps.isEmpty else { throw error(1, "no steps: each step starts with '## Title'") }
      return Lesson(
        name: Lesson.name(forFileName: path), title: title, path: path,
        introduction: introduction.joined(separator: "\n").trimmingBlankLines, steps: steps)
    }
  }

  /// Splits `expr  # words` into the expression and the words (a `#` inside quotes is kept).
  static func splitComment(_ line: String) -> (String, String?) {
    var quote: Character?
    var escaped = false
    for index in line.indices {
      let c = line[index]
      if escaped {
        escaped = false
        continue
      }
      if let q = quote {
        if c == "\\" { escaped = true } else if c == q { quote = nil }
      } else if c == "'" || c == "\"" {
        quote = c
      } else if c == "#" {
        let comment = String(line[line.index(after: index)...]).trimmedSpaces
        return (String(line[..<index]), comment.isEmpty ? nil : comment)
      }
    }
    return (line, nil)
  }
}

extension String {
  var isBlank: Bool { allSatisfy(\.isWhitespace) }
  var trimmingLeadingSpaces: Substring { drop(while: { $0 == " " }) }
  var trimmedSpaces: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
  /// Without blank lines at either end.
  var trimmingBlankLines: String {
    var lines = split(separator: "\n", omittingEmptySubsequences: false)
    while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}
