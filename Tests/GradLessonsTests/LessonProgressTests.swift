import Foundation
import GradLanguage
import GradLessons
import Testing

@Suite struct LessonProgressTests {
  @Test func progressRoundTripsThroughTheFile() throws {
    let file = try temporaryDirectory().appendingPathComponent("state/lessons.json")
    let store = LessonProgressStore(file: file)
    #expect(store.progress(for: "micrograd") == LessonProgress())
    let progress = LessonProgress(step: 3, solved: [1, 2], skipped: [2], finished: false)
    try store.update("micrograd", progress)
    try store.update("autograd", LessonProgress(step: 5, finished: true))
    let reopened = LessonProgressStore(file: file)
    #expect(reopened.progress(for: "micrograd") == progress)
    #expect(reopened.progress(for: "autograd").finished)
    // Written through a temporary file and a rename: nothing else is left behind.
    let names = try FileManager.default.contentsOfDirectory(
      atPath: file.deletingLastPathComponent().path)
    #expect(names == ["lessons.json"])
    try reopened.remove("autograd")
    #expect(!LessonProgressStore(file: file).hasProgress(for: "autograd"))
  }

  @Test func aDamagedFileCountsAsNoProgress() throws {
    let file = try temporaryDirectory().appendingPathComponent("lessons.json")
    try Data("{not json".utf8).write(to: file)
    #expect(LessonProgressStore(file: file).progress(for: "micrograd") == LessonProgress())
  }

  @Test func theStandardFileFollowsXDG() {
    let xdg = LessonProgressStore.standard(environment: ["XDG_STATE_HOME": "/x/state"])
    #expect(xdg.file.path == "/x/state/gradrepl/lessons.json")
    let home = LessonProgressStore.standard(environment: ["HOME": "/home/s"])
    #expect(home.file.path == "/home/s/.local/state/gradrepl/lessons.json")
  }

  @Test func aLessonResumesWithItsVariablesRebuilt() throws {
    let file = try temporaryDirectory().appendingPathComponent("lessons.json")
    let lesson = try parse(sampleLesson)
    do {
      let store = LessonProgressStore(file: file)
      let (console, _) = scriptedConsole(
        [":next", "sq = a*a", "sq.backward()", ":next", ":quit-lesson"], store: store)
      console.start(lesson)
      console.run()
    }
    let saved = LessonProgressStore(file: file).progress(for: "sample")
    #expect(saved.step == 2)
    #expect(saved.solved == [1])
    #expect(saved.skipped.isEmpty)

    // A new run, a fresh session: earlier steps are replayed unseen.
    let (console, screen) = scriptedConsole(
      ["a.grad", "double = 2 * a.data"], store: LessonProgressStore(file: file))
    console.start(lesson)
    console.run()
    let out = screen.output
    #expect(out.contains("Resuming at step 3/3; steps 1–2 replayed, rebuilding a, sq."))
    #expect(!out.contains(">>> a = Value(3.0"))  // replayed silently
    #expect(out.contains("[sample 3/3] >>> a.grad\n6.0"))
    #expect(out.contains("✓ Correct: double is 2a."))
    #expect(LessonProgressStore(file: file).progress(for: "sample").solved == [1, 2])
  }
}
