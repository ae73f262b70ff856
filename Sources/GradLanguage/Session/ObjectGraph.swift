// A graph of objects shaped like micrograd's Value, read through the language.
//
// micrograd's node has `data`, `grad`, `_prev` (the nodes it was made from),
// `_op` (the operation, '' for a leaf) and `_backward` (a closure that adds
// this node's share into its children's grads). Every attribute here is read
// with the interpreter's own attribute access and every `_backward` is called
// as the language calls it, so a student's own class works exactly as it
// runs, and so does any runtime object exposing those attributes.

import GradCore

/// The nodes reached from a root by walking `_prev`, each once (by identity).
struct ObjectGraph {
  /// One node: the object itself and the positions of its children.
  struct Node {
    let object: RValue
    /// Positions in `nodes`, in `_prev`'s order, each child once.
    let children: [Int]
  }

  /// Nodes beyond this many are not explored.
  static let nodeLimit = 10_000

  /// The nodes, root first, nearest the root first.
  let nodes: [Node]
  /// Whether the walk stopped at the limit with nodes left unexplored.
  let isTruncated: Bool
  let limit: Int

  /// An object's identity, as Python's `is` sees it.
  enum Identity: Hashable {
    case object(ObjectIdentifier)
    case value(Value)

    init?(_ v: RValue) {
      switch v {
      case .object(let o): self = .object(ObjectIdentifier(o))
      case .value(let x): self = .value(x)
      default: return nil
      }
    }
  }

  /// Walks `_prev` breadth first from `root`.
  ///
  /// - Throws: a TypeError naming the node when one lacks `data`, `grad` or `_prev`, or when a
  ///   child is not an object; whatever reading an attribute raises.
  init(root: RValue, interpreter: Interpreter, limit: Int = ObjectGraph.nodeLimit)
    throws(ReplError)
  {
    self.limit = limit
    guard let rootIdentity = Identity(root) else {
      throw ObjectGraph.notANode(root, "")
    }
    var objects: [RValue] = [root]
    var position: [Identity: Int] = [rootIdentity: 0]
    var children: [[Int]] = []
    var truncated = false
    var next = 0
    while next < objects.count {
      let object = objects[next]
      for attribute in ["data", "grad"] {
        _ = try ObjectGraph.required(object, attribute, interpreter)
      }
      let prev = try ObjectGraph.required(object, "_prev", interpreter)
      var mine: [Int] = []
      for child in try interpreter.collect(prev) {
        guard let identity = Identity(child) else {
          throw ObjectGraph.notANode(child, " in the _prev of a '\(object.typeName)'")
        }
        if let k = position[identity] {
          if !mine.contains(k) { mine.append(k) }
        } else if objects.count < limit {
          position[identity] = objects.count
          mine.append(objects.count)
          objects.append(child)
        } else {
          truncated = true
        }
      }
      children.append(mine)
      next += 1
      try interpreter.checkInterrupt()
    }
    nodes = zip(objects, children).map { Node(object: $0, children: $1) }
    isTruncated = truncated
  }

  /// The message for something that is not a node at all.
  static func notANode(_ v: RValue, _ place: String) -> ReplError {
    .type(
      "a '\(v.typeName)'\(place) is not a node: a graph is made of objects with data, grad, "
        + "_prev, _op and _backward, as micrograd's Value")
  }

  /// `object.name`, or a TypeError that says which of micrograd's attributes is missing.
  static func required(_ object: RValue, _ name: String, _ interpreter: Interpreter)
    throws(ReplError) -> RValue
  {
    do {
      return try interpreter.attribute(object, name)
    } catch  where error.kind == "AttributeError" {
      throw ReplError.type(
        "a '\(object.typeName)' is not shaped like micrograd's Value (data, grad, _prev, _op, "
          + "_backward): \(error.message)")
    }
  }

  /// `object.name`, or nil when there is no such attribute.
  static func optional(_ object: RValue, _ name: String, _ interpreter: Interpreter)
    throws(ReplError) -> RValue?
  {
    do {
      return try interpreter.attribute(object, name)
    } catch  where error.kind == "AttributeError" {
      return nil
    }
  }

  /// A number read from `object.name` (`data` or `grad`).
  static func number(_ object: RValue, _ name: String, _ interpreter: Interpreter)
    throws(ReplError) -> Double
  {
    let v = try required(object, name, interpreter)
    guard let x = v.asDouble else {
      throw ReplError.type(
        "a '\(object.typeName)' has .\(name) = \(interpreter.repr(v)), which is not a number")
    }
    return x
  }

  /// The node's `_op` as text ('' for a leaf or when it has none).
  static func op(_ object: RValue, _ interpreter: Interpreter) throws(ReplError) -> String {
    switch try optional(object, "_op", interpreter) {
    case .str(let s)?: return s
    case .none?, nil: return ""
    case let other?: return interpreter.repr(other)
    }
  }

  /// The node's `label` when it is a non-empty string.
  static func label(_ object: RValue, _ interpreter: Interpreter) throws(ReplError) -> String? {
    if case .str(let s)? = try optional(object, "label", interpreter), !s.isEmpty { return s }
    return nil
  }

  /// What the drawings need, read from the objects as they are now.
  func description(_ interpreter: Interpreter) throws(ReplError) -> GraphDescription {
    var described: [GraphDescription.Node] = []
    described.reserveCapacity(nodes.count)
    for node in nodes {
      let o = node.object
      described.append(
        GraphDescription.Node(
          label: try ObjectGraph.label(o, interpreter), op: try ObjectGraph.op(o, interpreter),
          data: try ObjectGraph.number(o, "data", interpreter),
          grad: try ObjectGraph.number(o, "grad", interpreter), children: node.children))
    }
    return GraphDescription(nodes: described, isTruncated: isTruncated)
  }

  /// The order micrograd's `backward()` visits: its `build_topo` (children first, depth
  /// first, in `_prev`'s order), reversed, so the root comes first and every node comes
  /// before the nodes it was made from.
  ///
  /// - Throws: a ValueError when the graph has a cycle (no order exists) or was cut at the
  ///   node limit (the order would be incomplete).
  func topologicalOrder(_ interpreter: Interpreter) throws(ReplError) -> [Int] {
    if isTruncated {
      throw ReplError(
        "ValueError",
        "the graph has more than \(limit) nodes; backward one node at a time stops at \(limit)")
    }
    enum Mark { case new, open, done }
    var marks = [Mark](repeating: .new, count: nodes.count)
    var topo: [Int] = []
    var stack: [(node: Int, next: Int)] = [(0, 0)]
    marks[0] = .open
    while let (n, k) = stack.popLast() {
      let children = nodes[n].children
      if k < children.count {
        stack.append((n, k + 1))
        let child = children[k]
        switch marks[child] {
        case .new:
          marks[child] = .open
          stack.append((child, 0))
        case .open:
          throw ReplError(
            "ValueError",
            "the graph has a cycle: a '\(nodes[child].object.typeName)' is in the _prev of a "
              + "node made from it, so there is no order in which backward could run")
        case .done: break
        }
      } else {
        marks[n] = .done
        topo.append(n)
      }
    }
    return topo.reversed()
  }
}
