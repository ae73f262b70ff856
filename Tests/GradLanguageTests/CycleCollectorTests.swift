import Foundation
import Testing

@testable import GradLanguage

/// This process's resident memory in bytes (Linux: /proc/self/statm), nil elsewhere.
private func residentBytes() -> Int? {
  guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
    return nil
  }
  let fields = text.split(separator: " ")
  guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
  return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// The cycle collector frees what reference counting cannot (micrograd's node → closure →
/// frame → node loops) and never what is still reachable.
@Suite struct CycleCollectorTests {
  /// A micrograd-style class step: every node keeps a closure over the frame that made it.
  static let step = """
    def train_step(w, b, n):
        for i in range(n):
            loss = ((w * float(i) + b).relu() - 1.0) ** 2 * 0.001
            loss.backward()
        return loss.data
    """

  @Test func trainingLoopStaysBounded() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    _ = session.execute(MicrogradClassTests.engine)
    _ = session.execute(CycleCollectorTests.step)
    _ = session.execute("w = Value(0.5)\nb = Value(0.1)")
    var tracked: [Int] = []
    for _ in 0..<12 {
      _ = session.execute("for k in range(5): loss = train_step(w, b, 300)")
      tracked.append(session.interpreter.heap.count)
    }
    #expect(terminal.take() == "")
    // 60 steps of ~2,000 nodes each, ~6 tracked objects a node: without the collector the
    // heap would hold over 700,000 objects; with it, about one step's worth at most.
    #expect(tracked.allSatisfy { $0 < 150_000 })
    #expect(session.interpreter.heap.collections > 0)
    _ = session.execute("print(w.grad > 0)")
    #expect(terminal.take() == "True\n")
  }

  /// Resident memory is process-wide, and other suites running in parallel move it, so
  /// this check runs on request: `GRADREPL_MEMORY_TEST=1 swift test --filter residentMemory`.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["GRADREPL_MEMORY_TEST"] != nil))
  func residentMemoryStaysBounded() throws {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    _ = session.execute(MicrogradClassTests.engine)
    _ = session.execute(CycleCollectorTests.step)
    _ = session.execute("w = Value(0.5)\nb = Value(0.1)")
    _ = session.execute("for k in range(5): loss = train_step(w, b, 300)")
    let start = try #require(residentBytes())
    // 100 more steps: about 700 MB if every node's cycle leaked.
    for _ in 0..<20 { _ = session.execute("for k in range(5): loss = train_step(w, b, 300)") }
    let growth = try #require(residentBytes()) - start
    #expect(growth < 64 << 20, "resident memory grew \(growth >> 20) MiB")
  }

  @Test func disabledCollectorLetsCyclesGrowAndCollectFreesThem() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    _ = session.execute(MicrogradClassTests.engine)
    _ = session.execute(CycleCollectorTests.step)
    _ = session.execute("import gc\ngc.disable()\nw = Value(0.5)\nb = Value(0.1)")
    _ = session.execute("for k in range(5): loss = train_step(w, b, 300)")
    let grown = session.interpreter.heap.count
    _ = session.execute("print(gc.isenabled(), gc.collect() > 1000)")
    #expect(terminal.take() == "False True\n")
    #expect(session.interpreter.heap.count < grown / 10)
    _ = session.execute("gc.enable()\nprint(gc.isenabled(), w.data, b.data)")
    #expect(terminal.take() == "True 0.5 0.1\n")
  }

  @Test func reachableCyclesSurviveCollection() {
    let out = run(
      """
      class Node:
          def __init__(self, name):
              self.name = name
              self.peer = None
              self.items = [self]
          def hello(self): return 'hi ' + self.name
      """,
      "a = Node('a')", "b = Node('b')", "a.peer = b", "b.peer = a",
      "keep = {'loop': [a]}", "f = a.hello",
      "def outer():\n    x = Node('x')\n"
        + "    def inner(): return x.name\n    x.again = inner\n    return inner",
      "g = outer()", "for k in range(3):\n    junk = Node('j')\n    junk.peer = junk",
      "import gc", "freed = gc.collect()",
      "print(a.peer.peer.name, b.items[0].name, keep['loop'][0].peer.name, f(), g())",
      "print(freed > 0, a.items[0] is a)")
    #expect(out == "a b b hi a x\nTrue True\n")
  }

  @Test func valuesHeldByRunningCodeSurvive() {
    // A collection in the middle of an expression: the instance made by `Node()` is held
    // only by the evaluator while the call runs, and must come through intact.
    let out = run(
      "class Node:\n    def __init__(self):\n        self.me = self\n        self.v = 41",
      "import gc",
      "def churn():\n    gc.collect()\n    return 1",
      "print(Node().v + churn(), [Node() for _ in range(3)][2].me.v, gc.collect() >= 0)")
    #expect(out == "42 41 True\n")
  }
}
