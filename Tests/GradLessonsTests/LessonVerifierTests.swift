import Foundation
import GradLessons
import Testing

@Suite struct LessonVerifierTests {
  @Test func everyRepositoryLessonPassesWithItsSolutions() throws {
    let library = LessonLibrary(directory: repositoryLessons)
    #expect(library.files().count >= 2)
    for file in library.files() {
      switch LessonLibrary.load(file: file) {
      case .failure(let error): Issue.record("\(error)")
      case .success(let lesson):
        let result = LessonVerifier.verify(lesson)
        #expect(result.passed, "\(result.problems.map(\.description))")
        #expect(result.checksRun > 0)
      }
    }
  }

  @Test func theSampleLessonPasses() throws {
    let result = LessonVerifier.verify(try parse(sampleLesson))
    #expect(result.problems == [])
    #expect(result.checksRun == 2)
    #expect(result.summary == "ok    sample  3 steps, 2 exercises, 2 checks")
  }

  @Test func aCheckThatCannotFailIsReported() throws {
    let text =
      "# T\n## S\n```gradrepl\nx = 2\n```\n```check\nx == 2\n```\n```solution\ny = 1\n```\n"
    let result = LessonVerifier.verify(try parse(text, path: "t.md"))
    #expect(result.problems.count == 1)
    #expect(result.problems.first?.description.hasPrefix("t.md:7: the checks of step 'S'") == true)
  }

  @Test func aWrongSolutionNamesTheCheckLine() throws {
    let text = "# T\n## S\n```check\nx == 3   # x is 3\n```\n```solution\nx = 2\n```\n"
    let result = LessonVerifier.verify(try parse(text, path: "t.md"))
    #expect(
      result.problems.map(\.description) == ["t.md:4: check `x == 3` is False after the solution"])
    #expect(!result.passed)
  }

  @Test func failingCodeNamesTheLessonLine() throws {
    let text = "# T\n## S\nprose\n```gradrepl\nx = 1\ny = nope\n```\n"
    let result = LessonVerifier.verify(try parse(text, path: "t.md"))
    #expect(result.problems.count == 1)
    let message = result.problems.first?.description ?? ""
    #expect(message.hasPrefix("t.md:5: the code fails: t.md:6:"), "\(message)")
    #expect(message.contains("NameError"))
  }
}
