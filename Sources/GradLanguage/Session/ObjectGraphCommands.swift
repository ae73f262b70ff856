// :graph, :dot, :step and :gradcheck on objects shaped like micrograd's Value.
//
// The built-in Value has its own faster path (GraphCommands, StandardCommands.step); these
// handle any other object with data, grad, _prev, _op and _backward, reading and calling
// them through the interpreter. Every grad printed is the field as read at that moment.

import Foundation
import GradBase
import GradCore

enum ObjectGraphCommands {
  /// `:graph X` for an object graph.
  static func graph(_ c: CommandContext, _ root: RValue) -> InputStatus {
    let interpreter = c.session.interpreter
    do {
      let graph = try ObjectGraph(root: root, interpreter: interpreter)
      let drawing = try graph.description(interpreter).drawGraph(maxWidth: 80)
      c.write(drawing + "\n" + limitNote(graph))
      return .complete
    } catch {
      return c.fail(error)
    }
  }

  /// `:dot X FILE` for an object graph.
  static func dot(_ c: CommandContext, _ root: RValue, file: String) -> InputStatus {
    let interpreter = c.session.interpreter
    let graph: ObjectGraph
    let text: String
    do {
      graph = try ObjectGraph(root: root, interpreter: interpreter)
      text = try graph.description(interpreter).dot()
    } catch {
      return c.fail(error)
    }
    if let refusal = c.session.refusalToWrite(file) { return c.fail(refusal) }
    do {
      try writeAtomically(text, to: file)
    } catch {
      return c.fail("could not write \(file): \(error.localizedDescription)")
    }
    let count = graph.nodes.count
    c.write(
      "wrote the graph of \(count) node\(count == 1 ? "" : "s") to \(file) "
        + "(render: dot -Tsvg \(file) -o graph.svg)\n" + limitNote(graph))
    return .complete
  }

  /// A line saying the walk stopped at the limit, or nothing.
  private static func limitNote(_ graph: ObjectGraph) -> String {
    guard graph.isTruncated else { return "" }
    return "(stopped exploring _prev after \(groupedThousands(graph.limit)) nodes)\n"
  }

  // MARK: - :step

  /// `:step X` for an object graph: micrograd's `backward()` one node at a time. It sets the
  /// root's grad to 1, then calls each node's own `_backward()` in topological order and shows
  /// each child's `.grad` read just before and just after the call.
  static func step(_ c: CommandContext, _ root: RValue) -> InputStatus {
    let interpreter = c.session.interpreter
    let graph: ObjectGraph
    let order: [Int]
    do {
      graph = try ObjectGraph(root: root, interpreter: interpreter)
      order = try graph.topologicalOrder(interpreter)
    } catch {
      return c.fail(error)
    }
    let names = objectNames(interpreter)
    let total = order.count
    let rootName = (try? name(root, names, interpreter)) ?? "the output"
    c.write(
      "backward from \(rootName): \(total) node\(total == 1 ? "" : "s") in topological order, "
        + "each one's _backward() in turn"
        + (c.reader == nil ? "\n" : "; Enter for the next, q to stop\n"))
    var count = 0
    for index in order {
      count += 1
      let node = graph.nodes[index]
      var text = ""
      do {
        var seedLine = ""
        if count == 1 {
          // micrograd's backward(): self.grad = 1, then each node's _backward().
          let before = try ObjectGraph.required(node.object, "grad", interpreter)
          try interpreter.setAttribute(node.object, "grad", .float(1))
          let after = try ObjectGraph.required(node.object, "grad", interpreter)
          seedLine =
            "      \(rootName).grad \(interpreter.repr(before)) → \(interpreter.repr(after)):"
            + " backward starts with ∂\(rootName)/∂\(rootName) = 1\n"
        }
        text = try stepHeader(node, graph, count: count, total: total, names, interpreter)
        text += seedLine
        let children = node.children.map { graph.nodes[$0].object }
        var before: [RValue] = []
        for child in children {
          before.append(try ObjectGraph.required(child, "grad", interpreter))
        }
        let backward = try ObjectGraph.required(node.object, "_backward", interpreter)
        do {
          _ = try interpreter.call(backward, Arguments([]))
        } catch {
          c.write(text)
          c.write(
            "stopped at node \(count) of \(total): its _backward() raised; each grad is as the "
              + "steps above left it\n")
          return c.fail(error)
        }
        for (child, was) in zip(children, before) {
          let now = try ObjectGraph.required(child, "grad", interpreter)
          text +=
            "      → \(try name(child, names, interpreter)): grad \(interpreter.repr(was)) → "
            + "\(interpreter.repr(now))" + added(was, now) + "\n"
        }
        if children.isEmpty { text += "      leaf: no _prev, nothing to pass on\n" }
      } catch {
        c.write(text)
        return c.fail(error)
      }
      c.write(text)
      guard let reader = c.reader, count < total else { continue }
      if !StandardCommands.waitForNextStep(reader) {
        c.write(StandardCommands.stoppedText(count: count, total: total))
        return .complete
      }
    }
    c.write("done: \(count) node\(count == 1 ? "" : "s") visited\n")
    return .complete
  }

  /// `[2/4] e = a * b  data -6.0  grad 1.0`, with the fields as they are now.
  private static func stepHeader(
    _ node: ObjectGraph.Node, _ graph: ObjectGraph, count: Int, total: Int,
    _ names: [ObjectGraph.Identity: String], _ interpreter: Interpreter
  ) throws(ReplError) -> String {
    let object = node.object
    var text = "[\(count)/\(total)] \(try name(object, names, interpreter))"
    let op = try ObjectGraph.op(object, interpreter)
    if !op.isEmpty {
      var operands: [String] = []
      for k in node.children {
        operands.append(try name(graph.nodes[k].object, names, interpreter))
      }
      text += " = " + expression(op, operands)
    }
    let data = try ObjectGraph.required(object, "data", interpreter)
    let grad = try ObjectGraph.required(object, "grad", interpreter)
    return text + "  data \(interpreter.repr(data))  grad \(interpreter.repr(grad))\n"
  }

  /// `  (added 6.0)` when both are numbers.
  private static func added(_ before: RValue, _ after: RValue) -> String {
    guard let x = before.asDouble, let y = after.asDouble else { return "" }
    return "  (added \(formatScalar(y - x)))"
  }

  /// How a node was made from its children, from its `_op`: `a * b`, `a * a` (micrograd's
  /// `_prev` is a set, so `a * a` has one child), `x**2`, `tanh(x)`.
  static func expression(_ op: String, _ operands: [String]) -> String {
    let symbolic = !op.isEmpty && op.allSatisfy { "+-*/@%".contains($0) }
    switch operands.count {
    case 2 where symbolic: return "\(operands[0]) \(op) \(operands[1])"
    case 1 where symbolic: return "\(operands[0]) \(op) \(operands[0])"
    case 1 where op.hasPrefix("**"): return operands[0] + op
    default: return op + "(" + operands.joined(separator: ", ") + ")"
    }
  }

  /// A name for a node: its label, else a variable holding it, else its op (or, for a leaf,
  /// its data).
  static func name(
    _ object: RValue, _ names: [ObjectGraph.Identity: String], _ interpreter: Interpreter
  ) throws(ReplError) -> String {
    if let label = try ObjectGraph.label(object, interpreter) { return label }
    if let identity = ObjectGraph.Identity(object), let name = names[identity] { return name }
    let op = try ObjectGraph.op(object, interpreter)
    if !op.isEmpty { return "(\(op))" }
    let data = try ObjectGraph.required(object, "data", interpreter)
    return "leaf(\(interpreter.repr(data)))"
  }

  /// Variables holding objects or Values, by identity, for naming nodes.
  static func objectNames(_ interpreter: Interpreter) -> [ObjectGraph.Identity: String] {
    var names: [ObjectGraph.Identity: String] = [:]
    for name in interpreter.globalNames where name != "_" {
      guard let v = interpreter.lookup(name), let identity = ObjectGraph.Identity(v) else {
        continue
      }
      if names[identity] == nil { names[identity] = name }
    }
    return names
  }
}
