import Foundation
import Testing

@testable import GradBindings
@testable import GradLanguage

@Suite struct CompletionTests {
  private func session(_ setup: String...) -> Session {
    let s = Session.standard(terminal: MemoryTerminal())
    for source in setup { _ = s.execute(source) }
    return s
  }

  @Test func commandsAfterAColon() {
    let s = session()
    #expect(s.completions(forLine: ":he") == [":help"])
    #expect(s.completions(forLine: ":s") == [":save", ":step"])
    #expect(s.completions(forLine: ":help gr") == ["gradcheck", "graph"])
  }

  @Test func namesFromTheSessionAndBuiltins() {
    let s = session("learning_rate = 0.1", "loss = 1")
    #expect(s.completions(forLine: "x = lea") == ["learning_rate"])
    #expect(s.completions(forLine: "lo") == ["load_model", "load_text", "log", "loss"])
    #expect(s.completions(forLine: "print(Val") == ["Value", "ValueError"])
    #expect(s.completions(forLine: "whi") == ["while"])
    #expect(s.completions(forLine: "1 + ") == [])
  }

  @Test func attributesOfTheLiveValue() {
    let s = session("a = Value(1.0)", "m = MLP(2, [1])", "xs = [1]", "import random")
    #expect(s.completions(forLine: "a.gr") == ["a.grad"])
    #expect(s.completions(forLine: "print(a.").contains("a.backward"))
    #expect(s.completions(forLine: "m.pa") == ["m.parameters"])
    #expect(s.completions(forLine: "xs.app") == ["xs.append"])
    #expect(s.completions(forLine: "random.se") == ["random.seed"])
    #expect(s.completions(forLine: "nothing.gr") == [])
  }

  @Test func argumentsOfGraphCommandsAreExpressions() {
    let s = session("loss = Value(1.0)")
    #expect(s.completions(forLine: ":graph los") == ["loss"])
    #expect(s.completions(forLine: ":step loss.da") == ["loss.data"])
  }

  @Test func fileNamesAfterLoadAndSave() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-completion-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "x = 1\n".write(
      to: directory.appendingPathComponent("moons.py"), atomically: true, encoding: .utf8)
    let s = session()
    #expect(s.completions(forLine: ":load \(directory.path)/mo") == ["\(directory.path)/moons.py"])
  }
}
