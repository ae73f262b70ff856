// A guided lesson: a Markdown file cut into steps. Each step has prose, code the
// runner shows and runs, and optionally an exercise: checks on the student's
// session (by value and gradient, never by the text typed), hints in tiers and
// a solution.

/// Code from a fenced block, with the lesson-file line of its first line.
public struct LessonCode: Equatable, Sendable {
  /// The code, lines joined with newlines.
  public let source: String
  /// The 1-based line in the lesson file where the code starts.
  public let line: Int

  public init(source: String, line: Int) {
    self.source = source
    self.line = line
  }
}

extension LessonCode {
  /// A run of code, or one `:command` line (`:graph L`, `:step L`) inside a block.
  public enum Piece: Equatable, Sendable {
    case code(String, line: Int)
    case command(String, line: Int)
  }

  /// The block cut at its `:command` lines, which run as commands, not as code.
  public var pieces: [Piece] {
    var result: [Piece] = []
    var pending: [Substring] = []
    var pendingLine = line
    func flush() {
      if pending.contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
        result.append(.code(pending.joined(separator: "\n"), line: pendingLine))
      }
      pending = []
    }
    for (offset, text) in source.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      if text.hasPrefix(":") {
        flush()
        result.append(.command(String(text), line: line + offset))
        pendingLine = line + offset + 1
      } else {
        if pending.isEmpty { pendingLine = line + offset }
        pending.append(text)
      }
    }
    flush()
    return result
  }
}

/// One condition of an exercise: an expression that must be truthy in the student's session.
public struct LessonCheck: Equatable, Sendable {
  /// The expression, e.g. `abs(a.grad - (-6.0)) < 1e-9`.
  public let expression: String
  /// What it means in words (the line's trailing `# comment`), or the expression itself.
  public let description: String
  /// The 1-based line in the lesson file.
  public let line: Int

  public init(expression: String, description: String, line: Int) {
    self.expression = expression
    self.description = description
    self.line = line
  }
}

/// What a step asks the student to do, and how the runner knows it is done.
public struct LessonExercise: Equatable, Sendable {
  /// Every check must pass for the exercise to count as solved.
  public let checks: [LessonCheck]
  /// Hints, gentlest first; each `:hint` (or every second wrong try) shows the next.
  public let hints: [String]
  /// Code that solves it; `:skip` enters it, `lesson check` verifies it.
  public let solution: LessonCode

  public init(checks: [LessonCheck], hints: [String], solution: LessonCode) {
    self.checks = checks
    self.hints = hints
    self.solution = solution
  }
}

/// A piece of a step's body, in file order.
public enum LessonBlock: Equatable, Sendable {
  /// Prose, shown as written.
  case text(String)
  /// Code the runner shows at the prompt and runs.
  case code(LessonCode)
}

/// One `## ` section of a lesson.
public struct LessonStep: Equatable, Sendable {
  public let title: String
  /// The line of the `## ` heading.
  public let line: Int
  public let blocks: [LessonBlock]
  public let exercise: LessonExercise?

  public init(title: String, line: Int, blocks: [LessonBlock], exercise: LessonExercise?) {
    self.title = title
    self.line = line
    self.blocks = blocks
    self.exercise = exercise
  }

  /// The code blocks, in order.
  public var code: [LessonCode] {
    blocks.compactMap { if case .code(let c) = $0 { c } else { nil } }
  }
}

/// A whole lesson file.
public struct Lesson: Equatable, Sendable {
  /// The short name used on the command line and in the prompt (`micrograd` for
  /// `01-micrograd.md`).
  public let name: String
  /// The `# ` title.
  public let title: String
  /// The file it was read from, as given.
  public let path: String
  /// Prose between the title and the first step.
  public let introduction: String
  public let steps: [LessonStep]

  public init(name: String, title: String, path: String, introduction: String, steps: [LessonStep])
  {
    self.name = name
    self.title = title
    self.path = path
    self.introduction = introduction
    self.steps = steps
  }

  /// The lesson's short name for a file name: the extension and a leading `NN-` dropped.
  public static func name(forFileName fileName: String) -> String {
    var stem = Substring(fileName)
    if let slash = stem.lastIndex(of: "/") { stem = stem[stem.index(after: slash)...] }
    if stem.hasSuffix(".md") { stem = stem.dropLast(3) }
    let digits = stem.prefix(while: \.isNumber)
    if !digits.isEmpty, stem.dropFirst(digits.count).first == "-" {
      stem = stem.dropFirst(digits.count + 1)
    }
    return String(stem)
  }
}
