import Foundation
import GradCore
import Testing

@testable import GradLanguage

/// A node shaped like micrograd's Value, written in Swift as a runtime object: `data`, `grad`,
/// `_prev`, `_op`, `label` and a `_backward` that adds this node's share into its children's
/// `.grad`, as micrograd's closures do. It stands in for a student's own `class Value:`.
private final class MicroNode: RuntimeObject {
  var data: Double
  var grad: Double = 0
  var label: String?
  let prev: [MicroNode]
  let op: String
  /// What `_backward()` does; set by the operation that made the node.
  var rule: (MicroNode) throws(ReplError) -> Void = { _ throws(ReplError) in }

  init(_ data: Double, label: String? = nil, prev: [MicroNode] = [], op: String = "") {
    self.data = data
    self.label = label
    self.prev = prev
    self.op = op
  }

  var typeName: String { "Node" }
  func repr() -> String { "Node(data=\(data))" }
  var attributeNames: [String] { ["data", "grad", "label", "_prev", "_op", "_backward", "tanh"] }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    switch name {
    case "data": return .float(data)
    case "grad": return .float(grad)
    case "label": return label.map(RValue.str)
    case "_prev": return .list(ListBox(prev.map { .object($0) }))
    case "_op": return .str(op)
    case "_backward":
      return .builtin(
        BuiltinFunction("_backward", signature: "_backward()", doc: "chain rule") {
          [weak self] _, _ throws(ReplError) in
          if let self { try self.rule(self) }
          return .none
        })
    default: return nil
    }
  }

  func setAttribute(_ name: String, to value: RValue) throws(ReplError) -> Bool {
    guard let x = value.asDouble else { throw ReplError.type("\(name) must be a number") }
    switch name {
    case "data": data = x
    case "grad": grad = x
    default: return false
    }
    return true
  }

  func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard case .object(let o) = other, let b = o as? MicroNode else { return nil }
    switch op {
    case .add: return .object(self + b)
    case .multiply: return .object(self * b)
    default: return nil
    }
  }

  func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  {
    name == "tanh" ? .object(tanh()) : nil
  }

  static func + (a: MicroNode, b: MicroNode) -> MicroNode {
    let out = MicroNode(a.data + b.data, prev: [a, b], op: "+")
    out.rule = { out throws(ReplError) in
      a.grad += out.grad
      b.grad += out.grad
    }
    return out
  }

  static func * (a: MicroNode, b: MicroNode) -> MicroNode {
    // micrograd keeps _prev in a set: a * a has one child.
    let out = MicroNode(a.data * b.data, prev: a === b ? [a] : [a, b], op: "*")
    out.rule = { out throws(ReplError) in
      a.grad += b.data * out.grad
      b.grad += a.data * out.grad
    }
    return out
  }

  func tanh() -> MicroNode {
    let t = Foundation.tanh(data)
    let out = MicroNode(t, prev: [self], op: "tanh")
    out.rule = { [self] out throws(ReplError) in grad += (1 - t * t) * out.grad }
    return out
  }
}

@Suite struct ObjectGraphTests {
  /// A session with the nodes bound to names.
  private func session(_ names: [String: MicroNode]) -> (Session, MemoryTerminal) {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    for (name, node) in names { session.interpreter.setGlobal(name, .object(node)) }
    return (session, terminal)
  }

  /// L = a * b + a, as in the built-in Value's :step test.
  private func lecture() -> (a: MicroNode, b: MicroNode, L: MicroNode) {
    let a = MicroNode(2.0, label: "a")
    let b = MicroNode(-3.0, label: "b")
    let L = a * b + a
    L.label = "L"
    return (a, b, L)
  }

  @Test func graphDrawsObjectsExactlyAsValues() {
    let (a, b, L) = lecture()
    let (s, t) = session(["a": a, "b": b, "L": L])
    let builtin = Session(terminal: MemoryTerminal())
    _ = builtin.execute(
      "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nL = a * b + a; L.label = 'L'")
    #expect(s.runCommand(":graph L") == .complete)
    #expect(builtin.runCommand(":graph L") == .complete)
    let drawing = t.take()
    #expect(
      drawing == """
        #1 L (+)  data=-4.0  grad=0.0
        ├─ #2 (*)  data=-6.0  grad=0.0
        │  ├─ #3 a  data=2.0  grad=0.0
        │  └─ #4 b  data=-3.0  grad=0.0
        └─ #3 (above)

        """)
    #expect(drawing == (builtin.terminal as? MemoryTerminal)?.take())
  }

  @Test func dotWritesObjectGraphsAtomicallyAsForValues() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradrepl-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let (a, b, L) = lecture()
    let (s, t) = session(["a": a, "b": b, "L": L])
    let file = directory.appendingPathComponent("objects.dot").path
    #expect(s.runCommand(":dot L \(file)") == .complete)
    #expect(
      t.take() == "wrote the graph of 4 nodes to \(file) (render: dot -Tsvg \(file) -o graph.svg)\n"
    )
    let text = try String(contentsOfFile: file, encoding: .utf8)
    // The same writer as a Value's :dot; nodes are numbered breadth first from the root.
    #expect(
      text == """
        digraph gradrepl {
          rankdir=LR;
          node [fontname="Helvetica"];
          n0 [shape=box, label="L\\ndata -4.0\\ngrad 0.0"];
          n0_op [shape=ellipse, label="+"];
          n0_op -> n0;
          n1 -> n0_op;
          n2 -> n0_op;
          n1 [shape=box, label="data -6.0\\ngrad 0.0"];
          n1_op [shape=ellipse, label="*"];
          n1_op -> n1;
          n2 -> n1_op;
          n3 -> n1_op;
          n2 [shape=box, label="a\\ndata 2.0\\ngrad 0.0"];
          n3 [shape=box, label="b\\ndata -3.0\\ngrad 0.0"];
        }

        """)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(leftovers == ["objects.dot"])
  }

  @Test func stepCallsEachNodesOwnBackwardAndShowsTheFields() {
    let (a, b, L) = lecture()
    let (s, _) = session(["a": a, "b": b, "L": L])
    let screen = transcript([":step L", "", "", "", "a.grad"], session: s)
    #expect(
      screen == """
        >>> :step L
        backward from L: 4 nodes in topological order, each one's _backward() in turn; \
        Enter for the next, q to stop
        [1/4] L = (*) + a  data -4.0  grad 1.0
              L.grad 0.0 → 1.0: backward starts with ∂L/∂L = 1
              → (*): grad 0.0 → 1.0  (added 1.0)
              → a: grad 0.0 → 1.0  (added 1.0)

        [2/4] (*) = a * b  data -6.0  grad 1.0
              → a: grad 1.0 → -2.0  (added -3.0)
              → b: grad 0.0 → 2.0  (added 2.0)

        [3/4] b  data -3.0  grad 2.0
              leaf: no _prev, nothing to pass on

        [4/4] a  data 2.0  grad -2.0
              leaf: no _prev, nothing to pass on
        done: 4 nodes visited
        >>> a.grad
        -2.0

        """)
    #expect(a.grad == -2 && b.grad == 2 && L.grad == 1)
  }

  @Test func stoppingEarlyLeavesTheGradsThatWerePrinted() {
    let a = MicroNode(2.0, label: "a")
    let y = (a * a).tanh()
    let (s, _) = session(["a": a, "y": y])
    let screen = transcript([":step y", "q"], session: s)
    let slope = 1 - Foundation.tanh(4.0) * Foundation.tanh(4.0)
    #expect(screen.contains("[1/3] y = tanh((*))  data"))
    #expect(screen.contains("→ (*): grad 0.0 → \(formatScalar(slope))"))
    #expect(
      screen.hasSuffix(
        "stopped after 1 of 3 nodes: every grad is as the steps above left it "
          + "(the rest of backward did not run)\n"))
    // The text said (*) got its grad and a did not yet: so do the fields.
    #expect(y.grad == 1)
    #expect(y.prev[0].grad == slope)
    #expect(a.grad == 0)
  }

  @Test func aNodeUsedTwiceGetsBothShares() {
    let a = MicroNode(3.0, label: "a")
    let y = a * a
    let (s, t) = session(["a": a, "y": y])
    #expect(s.runCommand(":step y") == .complete)
    let text = t.take()
    #expect(text.contains("[1/2] y = a * a  data 9.0  grad 1.0\n"))
    #expect(text.contains("      → a: grad 0.0 → 6.0  (added 6.0)\n"))
    #expect(a.grad == 6)
  }

  @Test func aBackwardThatRaisesStopsTheStepAndSaysWhere() {
    let (a, b, L) = lecture()
    L.rule = { _ throws(ReplError) in throw ReplError("ValueError", "broken rule") }
    let (s, t) = session(["a": a, "b": b, "L": L])
    #expect(s.runCommand(":step L") == .failed)
    let text = t.take()
    #expect(text.contains("[1/4] L = (*) + a  data -4.0  grad 1.0\n"))
    #expect(
      text.contains(
        "stopped at node 1 of 4: its _backward() raised; each grad is as the steps above "
          + "left it\n"))
    #expect(text.hasSuffix("ValueError: broken rule\n"))
  }

  @Test func cyclesAreDrawnOnceAndRefusedByStep() {
    final class Loop: RuntimeObject {
      var next: Loop?
      var typeName: String { "Loop" }
      func repr() -> String { "Loop()" }
      func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
        switch name {
        case "data", "grad": return .float(1)
        case "_prev": return .list(ListBox(next.map { [.object($0)] } ?? []))
        case "_op": return .str("f")
        case "_backward":
          return .builtin(BuiltinFunction("_backward", signature: "", doc: "") { _, _ in .none })
        default: return nil
        }
      }
    }
    let p = Loop()
    let q = Loop()
    p.next = q
    q.next = p
    defer { p.next = nil }
    let terminal = MemoryTerminal()
    let s = Session(terminal: terminal)
    s.interpreter.setGlobal("p", .object(p))
    #expect(s.runCommand(":graph p") == .complete)
    #expect(
      terminal.take()
        == "#1 (f)  data=1.0  grad=1.0\n└─ #2 (f)  data=1.0  grad=1.0\n   └─ #1 (above)\n")
    #expect(s.runCommand(":step p") == .failed)
    #expect(
      terminal.take()
        == "ValueError: the graph has a cycle: a 'Loop' is in the _prev of a node made from it, "
        + "so there is no order in which backward could run\n")
  }

  @Test func hugeGraphsStopAtTheNodeLimitAndSaySo() {
    var node = MicroNode(1.0, label: "x")
    for _ in 0..<ObjectGraph.nodeLimit { node = node.tanh() }
    let (s, t) = session(["y": node])
    #expect(s.runCommand(":graph y") == .complete)
    let drawing = t.take()
    #expect(drawing.contains("… 9,970 more nodes, and more not explored\n"))
    #expect(drawing.hasSuffix("(stopped exploring _prev after 10,000 nodes)\n"))
    #expect(s.runCommand(":step y") == .failed)
    #expect(
      t.take()
        == "ValueError: the graph has more than 10000 nodes; backward one node at a time "
        + "stops at 10000\n")
  }

  @Test func objectsThatAreNotShapedLikeMicrogradSaySo() {
    let (s, t) = session([:])
    _ = s.execute("xs = {1, 2}")
    #expect(s.runCommand(":graph xs") == .failed)
    #expect(
      t.take()
        == "TypeError: a 'set' is not shaped like micrograd's Value (data, grad, _prev, _op, "
        + "_backward): 'set' object has no attribute 'data'\n")
    #expect(s.runCommand(":graph 3") == .failed)
    #expect(t.take() == "TypeError: :graph needs a Value, got 'int'\n")
  }

  @Test func gradcheckRefusesAGraphItCannotRecompute() {
    let (a, b, L) = lecture()
    let (s, t) = session(["a": a, "b": b, "L": L])
    #expect(s.runCommand(":gradcheck L") == .failed)
    let text = t.take()
    #expect(
      text.hasPrefix(":gradcheck cannot recompute L: it is a 'Node' object, not the built-in"))
    #expect(text.contains("    :gradcheck f\n"))
  }

  @Test func gradcheckOnAFunctionComparesTheObjectsOwnBackward() {
    let a = MicroNode(0.5, label: "a")
    let b = MicroNode(-1.5, label: "b")
    a.grad = 7  // the student's grads are left as they were
    let (s, t) = session(["a": a, "b": b])
    _ = s.execute("def f():\n    return (a * b + a).tanh()")
    #expect(s.runCommand(":gradcheck f") == .complete)
    let report = t.take()
    #expect(report.hasPrefix("gradient check: passed"))
    #expect(report.contains("\n  a "))
    #expect(report.contains("\n  b "))
    #expect(a.grad == 7 && b.grad == 0)
    #expect(a.data == 0.5 && b.data == -1.5)
  }

  @Test func gradcheckCatchesAWrongBackward() {
    let a = MicroNode(0.5, label: "a")
    let b = MicroNode(-1.5, label: "b")
    let (s, t) = session(["a": a, "b": b])
    // A rule that forgets b's share, through the same builtins the language calls.
    s.interpreter.setGlobal(
      "broken",
      .builtin(
        BuiltinFunction("broken", signature: "broken()", doc: "") { _, _ throws(ReplError) in
          let out = a * b
          out.rule = { out throws(ReplError) in a.grad += b.data * out.grad }
          return .object(out)
        }))
    #expect(s.runCommand(":gradcheck broken") == .complete)
    let report = t.take()
    #expect(report.hasPrefix("gradient check: FAILED"))
    #expect(report.contains("! b "))
  }

  @Test func gradcheckOnAFunctionOfBuiltinValuesToo() {
    let terminal = MemoryTerminal()
    let s = Session(terminal: terminal)
    _ = s.execute("x = Value(0.3, label='x')\ndef g():\n    return (2 * x).exp()")
    #expect(s.runCommand(":gradcheck g") == .complete)
    let report = terminal.take()
    #expect(report.hasPrefix("gradient check: passed"))
    #expect(
      report.hasSuffix(
        "1 leaf node is made anew by each call (constants such as the 2 in 2 * a): not checked\n"))
  }
}
