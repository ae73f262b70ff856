import Foundation
import Testing

@testable import GradLanguage

/// A value kind defined entirely outside the evaluator, the way tensors plug in: a pair of
/// numbers with elementwise arithmetic.
private final class Pair: RuntimeObject {
  var x: Double
  var y: Double

  init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }

  var typeName: String { "Pair" }
  func repr() -> String { "Pair(\(floatRepr(x)), \(floatRepr(y)))" }
  var summary: String { "shape (2,)" }
  var helpText: String { "Pair: two numbers; .x, .y, .norm(), .tanh()" }
  var attributeNames: [String] { ["x", "y", "norm", "tanh"] }
  var length: Int? { 2 }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    switch name {
    case "x": .float(x)
    case "y": .float(y)
    default: nil
    }
  }

  func setAttribute(_ name: String, to value: RValue) throws(ReplError) -> Bool {
    guard let v = value.asDouble else { throw ReplError.type("Pair.\(name) must be a number") }
    switch name {
    case "x": x = v
    case "y": y = v
    default: return false
    }
    return true
  }

  func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  {
    switch name {
    case "norm": .float((x * x + y * y).squareRoot())
    case "tanh": .object(Pair(Foundation.tanh(x), Foundation.tanh(y)))
    default: nil
    }
  }

  func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    let (a, b): (Double, Double)
    if case .object(let o) = other, let p = o as? Pair {
      (a, b) = (p.x, p.y)
    } else if let k = other.asDouble {
      (a, b) = (k, k)
    } else {
      return nil
    }
    switch op {
    case .add: return .object(Pair(x + a, y + b))
    case .multiply: return .object(Pair(x * a, y * b))
    case .subtract: return .object(reflected ? Pair(a - x, b - y) : Pair(x - a, y - b))
    default: return nil
    }
  }

  func unary(_ op: UnaryOperator) throws(ReplError) -> RValue? {
    op == .negate ? .object(Pair(-x, -y)) : nil
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .greater, !reflected, let k = other.asDouble else { return nil }
    return .list(ListBox([.bool(x > k), .bool(y > k)]))
  }

  func items() throws(ReplError) -> [RValue]? { [.float(x), .float(y)] }

  func item(_ index: RValue) throws(ReplError) -> RValue? {
    guard let i = index.asInt, i == 0 || i == 1 else {
      throw ReplError.index("Pair index out of range")
    }
    return .float(i == 0 ? x : y)
  }
}

@Suite struct RuntimeObjectTests {
  private func session() -> (Session, MemoryTerminal) {
    let terminal = MemoryTerminal()
    let s = Session(terminal: terminal)
    s.interpreter.setGlobal("p", .object(Pair(3, 4)))
    return (s, terminal)
  }

  @Test func aNewKindWorksThroughTheProtocolAlone() {
    let (s, t) = session()
    for source in [
      "p", "p + p", "2 * p", "p - 1", "1 - p", "-p", "p.x", "p.norm()", "p[1]", "len(p)",
      "list(p)", "p > 3.5", "tanh(p).x < 1", "p.y = 0.5", "p", "type(p)", "p.nrom", "p @ p", "p[2]",
    ] {
      _ = s.execute(source)
    }
    #expect(
      t.output == """
        Pair(3.0, 4.0)
        Pair(6.0, 8.0)
        Pair(6.0, 8.0)
        Pair(2.0, 3.0)
        Pair(-2.0, -3.0)
        Pair(-3.0, -4.0)
        3.0
        5.0
        4.0
        2
        [3.0, 4.0]
        [False, True]
        True
        Pair(3.0, 0.5)
        <class 'Pair'>
        AttributeError: 'Pair' object has no attribute 'nrom'. Did you mean 'norm'?
        TypeError: unsupported operand type(s) for @: 'Pair' and 'Pair'
        IndexError: Pair index out of range

        """)
  }

  @Test func completionVarsAndHelpAskTheObject() {
    let (s, t) = session()
    #expect(s.completions(forLine: "p.no") == ["p.norm"])
    _ = s.runCommand(":vars")
    #expect(t.take() == "name  type  value\np     Pair  shape (2,)\n")
    _ = s.runCommand("?p")
    #expect(t.take() == "Pair: two numbers; .x, .y, .norm(), .tanh()\n")
  }
}
