import Foundation
import GradLessons
import Testing

@Suite struct LessonParserTests {
  @Test func readsStepsCodeAndExercises() throws {
    let lesson = try parse(sampleLesson)
    #expect(lesson.name == "sample")
    #expect(lesson.title == "Squares")
    #expect(lesson.introduction == "Intro prose.")
    #expect(lesson.steps.map(\.title) == ["Make a value", "Square it", "Double it"])
    #expect(lesson.steps[0].exercise == nil)
    #expect(lesson.steps[0].code == [LessonCode(source: "a = Value(3.0, label='a')", line: 8)])
    let exercise = try #require(lesson.steps[1].exercise)
    #expect(exercise.checks.count == 1)
    #expect(exercise.checks[0].expression == "abs(a.grad - 2 * a.data) < 1e-9")
    #expect(exercise.checks[0].description == "a.grad is 2a")
    #expect(exercise.checks[0].line == 16)
    #expect(exercise.hints == ["First tier.", "Second tier."])
    #expect(exercise.solution.line == 28)
    #expect(exercise.solution.source == "sq = a*a\nsq.backward()")
    #expect(lesson.steps[2].blocks.isEmpty)
  }

  @Test func namesComeFromFileNames() {
    #expect(Lesson.name(forFileName: "lessons/01-micrograd.md") == "micrograd")
    #expect(Lesson.name(forFileName: "extra.md") == "extra")
    #expect(Lesson.name(forFileName: "2024.md") == "2024")
  }

  @Test func commandLinesInCodeRunAsCommands() {
    let code = LessonCode(source: "x = 1\n:graph L\ny = 2\nz = 3", line: 10)
    #expect(
      code.pieces == [
        .code("x = 1", line: 10), .command(":graph L", line: 11), .code("y = 2\nz = 3", line: 12),
      ])
  }

  @Test func aHashInsideQuotesIsNotAComment() throws {
    let lesson = try parse(
      "# T\n## S\n```check\nname == '#1'  # the name\n```\n```solution\nname = '#1'\n```\n")
    let check = try #require(lesson.steps[0].exercise?.checks.first)
    #expect(check.expression == "name == '#1'")
    #expect(check.description == "the name")
  }

  @Test func otherFencesAreProse() throws {
    let lesson = try parse("# T\n## S\n```text\n∂L/∂a\n```\n")
    #expect(lesson.steps[0].blocks == [.text("```text\n∂L/∂a\n```")])
  }

  @Test(arguments: [
    ("prose first\n# T\n## S\ntext\n", 1, "starts with a '# Title'"),
    ("# T\n## S\n```gradrepl\nx = 1\n", 3, "never closed"),
    ("# T\n```gradrepl\nx = 1\n```\n", 2, "before the first '## ' step"),
    ("# T\n## S\n```check\nx == 1\n```\n", 3, "needs a ```solution"),
    ("# T\n## S\n```solution\nx = 1\n```\n", 3, "needs a ```check"),
    ("# T\n## S\ntext\n```hint\nh\n```\n", 4, "```hint without a ```check"),
    ("# T\n## S\n```check\n\n```\n", 3, "empty ```check"),
    ("# T\n## S\n```check\nx\n```\n```check\ny\n```\n", 6, "a second ```check"),
    ("# T\n## Empty\n## S\ntext\n", 2, "step 'Empty' is empty"),
    ("# T\nonly an introduction\n", 1, "no steps"),
    ("# T\n## S\ntext\n# U\n", 4, "a second '# ' title"),
    ("# T\n## S\n```gradrepl\n\n```\n", 3, "empty ```gradrepl"),
  ])
  func malformedLessonsNameTheLine(text: String, line: Int, message: String) throws {
    let error = try #require(formatError(text))
    #expect(error.file == "bad.md")
    #expect(error.line == line)
    #expect(error.message.contains(message), "\(error)")
    #expect(error.description.hasPrefix("bad.md:\(line): "))
  }

  @Test func theRepositoryLessonsParse() throws {
    let library = LessonLibrary(directory: repositoryLessons)
    #expect(library.names().starts(with: ["micrograd", "autograd"]))
    for file in library.files() {
      if case .failure(let error) = LessonLibrary.load(file: file) {
        Issue.record("\(error)")
      }
    }
  }

  @Test func lessonsAreFoundByNameNumberOrStem() throws {
    let library = LessonLibrary(directory: repositoryLessons)
    for name in ["micrograd", "1", "01-micrograd"] {
      guard case .success(let url) = library.file(named: name) else {
        Issue.record("\(name) not found")
        continue
      }
      #expect(url.lastPathComponent == "01-micrograd.md")
    }
    guard case .failure(let error) = library.file(named: "nosuch") else {
      Issue.record("an unknown name was found")
      return
    }
    #expect(error.message.contains("no lesson named 'nosuch'"))
    #expect(error.message.contains("micrograd"))
  }
}
