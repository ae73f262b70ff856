import Foundation
import Testing

@testable import GradLanguage

@Suite struct CommandTests {
  private func session() -> (Session, MemoryTerminal) {
    let terminal = MemoryTerminal()
    return (Session(terminal: terminal), terminal)
  }

  private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func helpIsGeneratedFromTheRegistry() {
    let (s, t) = session()
    #expect(s.runCommand(":help") == .complete)
    let text = t.take()
    for command in s.commands.all {
      #expect(text.contains(":" + command.name), "missing :\(command.name)")
      #expect(text.contains(command.summary))
    }
    #expect(text == s.commands.helpText)
    #expect(s.runCommand(":help step") == .complete)
    #expect(t.take().hasPrefix(":step X  step through X.backward() one node at a time\n"))
    #expect(s.runCommand(":help stpe") == .failed)
    #expect(t.take() == "no command or name 'stpe'. Did you mean ':step'?\n")
    #expect(s.runCommand(":grpah L") == .failed)
    #expect(
      t.take() == "unknown command ':grpah'. Did you mean ':graph'? (:help lists the commands)\n")
  }

  @Test func questionMarkExplainsNames() {
    let (s, t) = session()
    #expect(s.runCommand("?print") == .complete)
    #expect(t.take().hasPrefix("print(*values, sep=' ', end='\\n')\n  Writes the values"))
    _ = s.execute("def f(x, y=2):\n    \"\"\"Adds.\"\"\"\n    return x + y")
    #expect(s.runCommand("?f") == .complete)
    #expect(t.take() == "function f(x, y=…)\n  Adds.\n")
    _ = s.execute("a = Value(1.0)")
    #expect(s.runCommand("?a") == .complete)
    #expect(t.take().contains(".grad  ∂L/∂self after L.backward() (settable)"))
    #expect(s.runCommand("?nothing_here") == .failed)
    #expect(t.take() == "NameError: name 'nothing_here' is not defined\n")
  }

  @Test func varsListsNamesTypesAndValues() {
    let (s, t) = session()
    #expect(s.runCommand(":vars") == .complete)
    #expect(t.take() == "no variables yet\n")
    _ = s.execute("a = Value(2.0, label='a')\nn = 3\nxs = [1, 2, 3, 4]\nm = MLP(2, [3, 1])")
    #expect(s.runCommand(":vars") == .complete)
    #expect(
      t.take() == """
        name  type   value
        a     Value  data=2.0 grad=0.0 label=a
        n     int    3
        xs    list   4 items [1, 2, 3, …]
        m     MLP    MLP(2, [3, 1]), 13 parameters

        """)
  }

  @Test func historyNumbersEntriesAndMarksFailures() {
    let (s, t) = session()
    _ = s.execute("x = 1")
    _ = s.execute("for i in range(2):\n    x += i")
    _ = s.execute("x +")
    _ = s.runCommand(":history")
    #expect(
      t.take().hasSuffix(
        """
        1  x = 1
        2  for i in range(2):
               x += i
        3! x +
        """ + "\n"))
  }

  @Test func saveThenLoadReplaysTheSession() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("session.py").path
    let (s, t) = session()
    _ = s.execute("a = Value(3.0, label='a')")
    _ = s.execute("def twice(v):\n    return v * 2")
    _ = s.execute("oops +")
    _ = s.execute("b = twice(a)")
    _ = s.execute("b")
    _ = s.execute("c = _.data + 1")
    #expect(s.runCommand(":save \(file)") == .complete)
    #expect(t.take().hasSuffix("saved 5 entries to \(file)\n"))
    let saved = try String(contentsOfFile: file, encoding: .utf8)
    #expect(!saved.contains("oops"))
    #expect(!saved.contains(":save"))
    // No temporary file is left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["session.py"])

    let (fresh, freshTerminal) = session()
    #expect(fresh.runCommand(":load \(file)") == .complete)
    _ = fresh.execute("b.data, b.label, a.label, c")
    #expect(freshTerminal.take() == "(6.0, None, 'a', 7.0)\n")
    #expect(fresh.runCommand(":load /no/such/file.py") == .failed)
    #expect(
      freshTerminal.take() == "could not read /no/such/file.py: no such file or not UTF-8 text\n")
  }

  @Test func loadReportsScriptErrorsWithFileLineColumn() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bad.py").path
    try "x = 1\ny = x + 'a'\n".write(toFile: file, atomically: true, encoding: .utf8)
    let (s, t) = session()
    #expect(s.runCommand(":load \(file)") == .failed)
    #expect(
      t.take() == "\(file):2:7: TypeError: unsupported operand type(s) for +: 'int' and 'str'\n")
    _ = s.execute("x")
    #expect(t.take() == "1\n")
  }

  @Test func resetStartsAFreshSession() {
    let (s, t) = session()
    _ = s.execute("a = 1")
    #expect(s.runCommand(":reset") == .complete)
    #expect(t.take() == "fresh session: variables and history cleared\n")
    _ = s.execute("a")
    #expect(t.take() == "NameError: name 'a' is not defined\n")
    #expect(s.history.count == 1)
  }

  @Test func quitEndsTheConsole() {
    let screen = transcript(["1", ":quit", "2"])
    #expect(screen == ">>> 1\n1\n>>> :quit\n")
  }

  @Test func timeRunsTheStatementAndReportsWallTime() {
    let (s, t) = session()
    #expect(s.runCommand(":time sum(range(1000))") == .complete)
    let lines = t.take().split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first == "499500")
    #expect(lines.last?.hasPrefix("wall time: ") ?? false)
    #expect(lines.last?.hasSuffix(" ms") ?? false)
    #expect(s.history.map(\.text) == [":time sum(range(1000))"])
    #expect(s.replayableSource == "sum(range(1000))\n")
  }

  @Test func graphDrawsDataAndGrad() {
    let (s, t) = session()
    _ = s.execute("a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nL = a * b; L.label = 'L'")
    _ = s.execute("L.backward()")
    #expect(s.runCommand(":graph L") == .complete)
    let drawing = t.take()
    #expect(drawing.contains("L"))
    #expect(drawing.contains("-6.0"))
    #expect(drawing.contains("-3.0"))
    #expect(drawing.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(s.runCommand(":graph 3") == .failed)
    #expect(t.take() == "TypeError: :graph needs a Value, got 'int'\n")
    #expect(s.runCommand(":graph") == .failed)
  }

  @Test func dotWritesAFileAtomically() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("g.dot").path
    let (s, t) = session()
    _ = s.execute("a = Value(2.0, label='a')\nL = (a * a).tanh()")
    #expect(s.runCommand(":dot L \(file)") == .complete)
    #expect(t.take().hasPrefix("wrote the graph of 3 nodes to \(file)"))
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.hasPrefix("digraph"))
    #expect(text.contains("tanh"))
    #expect(s.runCommand(":dot L") == .failed)
  }

  @Test func stepWalksTheChainRuleOneNodePerEnter() {
    let terminal = MemoryTerminal()
    let s = Session(terminal: terminal)
    _ = s.execute(
      "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nL = a * b + a; L.label = 'L'")
    let screen = transcript([":step L", "", "", "", "a.grad"], session: s)
    #expect(
      screen == """
        >>> :step L
        backward from L: 4 nodes, one per step; Enter for the next, q to stop
        [1/4] L = (*) + a  data -4.0  upstream grad 1.0
              → (*): local 1.0 × upstream 1.0 = 1.0 added to its grad
              → a: local 1.0 × upstream 1.0 = 1.0 added to its grad

        [2/4] (*) = a * b  data -6.0  upstream grad 1.0
              → a: local -3.0 × upstream 1.0 = -3.0 added to its grad
              → b: local 2.0 × upstream 1.0 = 2.0 added to its grad

        [3/4] b  data -3.0  upstream grad 2.0
              leaf: grad is now 2.0

        [4/4] a  data 2.0  upstream grad -2.0
              leaf: grad is now -2.0
        done: 4 nodes visited
        >>> a.grad
        -2.0

        """)
  }

  @Test func stepStopsOnQ() {
    let terminal = MemoryTerminal()
    let s = Session(terminal: terminal)
    _ = s.execute("a = Value(2.0)\nL = a * a")
    let screen = transcript([":step L", "q", "a.grad"], session: s)
    #expect(screen.contains("stopped after 1 node; grads keep what was added\n"))
    // L's step is micrograd's L._backward(): it has already added 2a = 4 to a.grad.
    #expect(screen.hasSuffix(">>> a.grad\n4.0\n"))
  }

  @Test func gradcheckComparesWithFiniteDifferences() {
    let (s, t) = session()
    _ = s.execute(
      "x = Value(0.5, label='x')\ny = Value(-1.5, label='y')\nL = (x * y).tanh() + x ** 2")
    #expect(s.runCommand(":gradcheck L") == .complete)
    let report = t.take()
    #expect(report.hasPrefix("gradient check: passed"))
    #expect(report.contains("x"))
    #expect(report.contains("y"))
  }
}

@Suite struct CommandRegistryTests {
  @Test func moreCommandsCanBeAdded() {
    let extra = ReplCommand(
      name: "hello", arguments: "NAME", summary: "greet", help: ":hello NAME greets."
    ) { context in
      context.write("hello, \(context.argument)\n")
      return .complete
    }
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal, commands: .language.adding([extra]))
    #expect(session.runCommand(":hello world") == .complete)
    #expect(terminal.take() == "hello, world\n")
    #expect(session.commands.helpText.contains(":hello NAME"))
  }

  @Test func insertedCommandsSitAfterTheirKin() {
    let extra = ReplCommand(name: "hello", arguments: "", summary: "greet", help: ":hello") { _ in
      .complete
    }
    let names = CommandRegistry.language.inserting([extra], after: "gradcheck").all.map(\.name)
    #expect(names.firstIndex(of: "hello") == names.firstIndex(of: "gradcheck").map { $0 + 1 })
    #expect(names.filter { $0 == "hello" }.count == 1)
    let atEnd = CommandRegistry.language.inserting([extra], after: "no-such-command")
    #expect(atEnd.all.last?.name == "hello")
  }

  @Test func theLanguageAloneKnowsNoEngine() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    #expect(session.execute("torch") == .failed)
    #expect(terminal.take() == "NameError: name 'torch' is not defined\n")
    #expect(session.commands.command(named: "plot") == nil)
    #expect(session.execute("print(Value(2.0) * 3)") == .complete)
  }
}
