import Testing

@testable import GradLanguage

/// Modules written partly in the language: their text runs once, on first use, apart from
/// the session's globals.
@Suite struct LanguageModuleTests {
  /// A session with a module `shapes` whose members are partly written in the language.
  static func session(faulty: Bool = false) -> (Session, MemoryTerminal) {
    let terminal = MemoryTerminal()
    let provider: any BuiltinProvider.Type = faulty ? FaultyShapes.self : Shapes.self
    let session = Session(
      terminal: terminal, builtins: BuiltinTable.languageProviders + [provider])
    return (session, terminal)
  }

  static let shapesSource = """
    scale = unit * 10
    def area(w, h):
        return w * h * scale
    class Square:
        def __init__(self, side):
            self.side = side
        def area(self):
            return area(self.side, self.side)
        def broken(self):
            return 1 / 0
    """

  @Test func topLevelNamesBecomeMembersNextToTheNativeOnes() {
    let (session, terminal) = Self.session()
    _ = session.execute("print(shapes.unit, shapes.scale, shapes.Square(2).area())")
    #expect(terminal.take() == "1 10 40\n")
  }

  @Test func theModulesNamesDoNotLeakAndTheUsersDoNotLeakIn() {
    let (session, terminal) = Self.session()
    _ = session.execute("area = 'mine'\nscale = 0\nprint(shapes.area(1, 2), area, scale)")
    #expect(terminal.take() == "20 mine 0\n")
    _ = session.execute("from shapes import Square\nprint(Square(1).area())")
    #expect(terminal.take() == "10\n")
  }

  @Test func classesKnowTheirModule() {
    let (session, terminal) = Self.session()
    _ = session.execute("print(shapes.Square, shapes.Square.__module__)")
    #expect(terminal.take() == "<class 'shapes.Square'> shapes\n")
  }

  @Test func tracebacksNameTheModulesText() {
    let (session, _) = Self.session()
    _ = session.execute("shapes.Square(1).broken()")
    let frames = session.lastError?.traceback ?? []
    #expect(session.lastError?.kind == "ZeroDivisionError")
    #expect(
      frames.contains { $0.fileName == "<shapes>" && $0.function == "broken" && $0.line == 10 })
  }

  @Test func aFaultInTheTextIsReportedAsTheModules() {
    let (session, _) = Self.session(faulty: true)
    _ = session.execute("shapes.unit")
    #expect(session.lastError?.kind == "ImportError")
    #expect(session.lastError?.message.contains("could not be set up") ?? false)
    #expect(session.lastError?.message.contains("undefined_name") ?? false)
  }
}

/// The module `shapes`: a native member and the text above.
private enum Shapes: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "shapes",
      value: .object(
        ModuleObject(
          name: "shapes", doc: "Shapes written in the language.", members: ["unit": .int(1)],
          source: LanguageModuleTests.shapesSource)))
  }
}

/// A module `shapes` whose text has a fault.
private enum FaultyShapes: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "shapes",
      value: .object(
        ModuleObject(
          name: "shapes", doc: "A faulty module.", members: ["unit": .int(1)],
          source: "x = undefined_name\n")))
  }
}
