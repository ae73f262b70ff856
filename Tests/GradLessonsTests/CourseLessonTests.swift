import Foundation
import GradLessons
import Testing

/// Each lesson of the course plays headless: its checks fail before each solution and pass after.
@Suite struct CourseLessonTests {
  /// Loads the lesson named `name` from the repository and verifies it.
  private func verify(_ name: String) throws {
    let library = LessonLibrary(directory: repositoryLessons)
    let file = try library.file(named: name).get()
    let lesson = try LessonLibrary.load(file: file).get()
    let result = LessonVerifier.verify(lesson)
    #expect(result.problems.map(\.description) == [])
    #expect(result.checksRun > 0)
    #expect(result.passed)
  }

  @Test func theNPLMLessonPasses() throws { try verify("nplm") }
  @Test func theRNNAndBPTTLessonPasses() throws { try verify("rnn-bptt") }
  @Test func theVanishingAndExplodingLessonPasses() throws { try verify("vanishing-exploding") }
  @Test func theRemediesLessonPasses() throws { try verify("remedies") }
  @Test func theLSTMLessonPasses() throws { try verify("lstm") }
}
