import Foundation
import GradBindings
import GradLanguage
import Testing

@testable import GradLessons

@Suite struct LessonRunnerTests {
  private func runnerOnSample(store: LessonProgressStore? = nil) throws -> (
    LessonConsole, MemoryTerminal
  ) {
    let (console, screen) = scriptedConsole([], store: store)
    console.start(try parse(sampleLesson))
    return (console, screen)
  }

  @Test func aStudentWalksTheLesson() throws {
    let lines = [
      ":next",
      ":next",  // refused: the exercise is not solved
      "sq = a + a",
      "sq.backward()",  // a.grad is 2 here, but must be 2a = 6: a wrong try
      ":hint",
      "a.grad = 0.0",
      "sq = a*a",
      "sq.backward()",  // right
      ":next",
      ":skip",
      ":next",
    ]
    let (console, screen) = scriptedConsole(lines, store: nil)
    console.start(try parse(sampleLesson))
    #expect(console.run() == false)  // the refused :next counts as a failed entry
    let out = screen.output
    #expect(out.contains("── sample 1/3 · Make a value ──"))
    #expect(out.contains(">>> a = Value(3.0, label='a')"))
    #expect(out.contains("[sample 1/3] >>> :next"))
    #expect(out.contains("this step's exercise is not solved yet"))
    #expect(out.contains("not yet (✗ a.grad is 2a)"))
    // The second wrong try shows the first hint by itself; :hint then shows the second.
    #expect(out.contains("Hint 1/2: First tier."))
    #expect(out.contains("Hint 2/2: Second tier."))
    #expect(out.contains("✓ Correct: a.grad is 2a. :next goes on."))
    #expect(out.contains("[sample 3/3] >>> :skip"))
    #expect(out.contains("The solution created double."))
    #expect(out.contains("Lesson complete: Squares. 1 exercise skipped."))
    #expect(console.runner?.isActive == false)
    // The session stays usable after the wrong answer and after the lesson.
    let value = console.session.evaluateExpression("sq.data")
    #expect((try? value.get()).map(console.session.interpreter.repr) == "9.0")
  }

  @Test func theWrongTryLeavesTheSessionUsable() throws {
    let (console, screen) = scriptedConsole(["undefined_name + 1", "a.data * 2"], store: nil)
    console.start(try parse(sampleLesson))
    console.run()
    #expect(screen.output.contains("NameError"))
    #expect(screen.output.contains("6.0"))
  }

  @Test func skipOnAStepWithoutAnExerciseMovesOn() throws {
    let (console, screen) = scriptedConsole([":skip"], store: nil)
    console.start(try parse(sampleLesson))
    console.run()
    #expect(screen.output.contains("This step has no exercise; on to the next."))
    #expect(console.runner?.progress.step == 1)
    #expect(console.runner?.progress.skipped.isEmpty == true)
  }

  @Test func promptShowsTheStep() throws {
    let (console, _) = try runnerOnSample()
    #expect(console.runner?.prompt == "[sample 1/3] >>> ")
  }

  @Test func solutionShowsWithoutEnteringIt() throws {
    let (console, screen) = scriptedConsole([":next", ":solution", "sq"], store: nil)
    console.start(try parse(sampleLesson))
    console.run()
    #expect(screen.output.contains("    sq = a*a\n    sq.backward()"))
    #expect(screen.output.contains("NameError"))  // sq was only shown, not made
  }

  @Test func backAndRestartMoveBetweenSteps() throws {
    let (console, screen) = scriptedConsole(
      [":next", ":back", ":back", ":next", ":skip", ":restart", "sq"], store: nil)
    console.start(try parse(sampleLesson))
    console.run()
    #expect(screen.output.contains("this is the first step"))
    #expect(screen.output.contains("Fresh session; back to step 1."))
    #expect(console.runner?.progress.step == 0)
    #expect(console.runner?.progress.solved.isEmpty == true)
    #expect(screen.output.hasSuffix("NameError: name 'sq' is not defined\n"))
  }

  @Test func quittingKeepsVariablesAndLessonCommandsStop() throws {
    let (console, screen) = scriptedConsole([":quit-lesson", "a.data", ":next"], store: nil)
    console.start(try parse(sampleLesson))
    console.run()
    #expect(screen.output.contains("Left the lesson at step 1/3"))
    #expect(screen.output.contains(">>> a.data\n3.0"))
    #expect(screen.output.contains(":next works during a lesson"))
  }

  @Test func filesOutsideTheAllowedDirectoriesAreRefused() throws {
    let allowed = try temporaryDirectory()
    let outside = try temporaryDirectory()
    let lines = [
      ":save \(outside.path)/s.py",
      "torch.save(torch.ones(2), '\(outside.path)/t.npy')",
      "torch.save(torch.ones(2), '\(allowed.path)/../\(outside.lastPathComponent)/u.npy')",
      ":save \(allowed.path)/ok.py",
      ":quit-lesson",
      ":save \(outside.path)/after.py",
    ]
    let (console, screen) = scriptedConsole(
      lines, store: nil, writeRule: LessonWriteRule(allowedDirectories: [allowed]))
    console.start(try parse(sampleLesson))
    console.run()
    #expect(screen.output.contains("during a lesson files may be written only under"))
    #expect(screen.output.contains("PermissionError"))
    let written = try FileManager.default.contentsOfDirectory(atPath: outside.path)
    #expect(written == ["after.py"])  // only once the lesson was left
    #expect(FileManager.default.fileExists(atPath: allowed.appendingPathComponent("ok.py").path))
  }

  @Test func lessonCommandsAppearInHelp() {
    let help = LessonConsole.commands.helpText
    for name in ["lesson", "next", "back", "hint", "skip", "solution", "restart", "quit-lesson"] {
      #expect(help.contains(":" + name), "\(name)")
    }
  }

  @Test func listingShowsProgress() throws {
    let directory = try temporaryDirectory()
    let store = LessonProgressStore(file: directory.appendingPathComponent("p.json"))
    try store.update("micrograd", LessonProgress(step: 2, solved: [1]))
    let text = LessonConsole.listing(
      library: LessonLibrary(directory: repositoryLessons), store: store)
    #expect(text.contains("1. micrograd"))
    #expect(text.contains("at step 3/"))
    #expect(text.contains("2. autograd"))
    #expect(text.contains("not started"))
  }
}

/// The terminal under the lesson-aware console keeps the real terminal's abilities.
@Suite struct LessonTerminalTests {
  final class InPlaceTerminal: Terminal {
    var output = ""
    func write(_ text: String) { output += text }
    var supportsColor: Bool { false }
    var updatesInPlace: Bool { true }
  }

  @Test func progressIsRedrawnInPlaceUnlessMuted() {
    let base = InPlaceTerminal()
    let terminal = LessonTerminal(base: base)
    #expect(terminal.updatesInPlace)
    let (inside, _) = terminal.muted { terminal.updatesInPlace }
    #expect(!inside)
    #expect(!LessonTerminal(base: MemoryTerminal()).updatesInPlace)
  }

  @Test func trainingAtTheLessonPromptRedrawsItsProgressLine() {
    let base = InPlaceTerminal()
    let session = Session.standard(terminal: LessonTerminal(base: base))
    for line in [
      "data = corpus('toy')", "m = NPLM(data, emb=8, hidden=8)",
      "r = train(m, data, max_steps=3)",
    ] {
      _ = session.execute(line)
    }
    #expect(base.output.hasPrefix("\r\u{1b}[Kepoch 1  step 1/"))
    // The redraw limit skips steps 2 and 3 in a run this short; the line still ends on 3.
    #expect(base.output.contains("\r\u{1b}[Kepoch 1  step 3/"))
    #expect(base.output.contains("step 3/260"))
  }
}
