// Looking at a graph: a text drawing for the terminal and Graphviz DOT.
//
// Both describe each node by its label (or id), the op that made it, its
// data and its grad, and mark non-finite numbers (nan, ±inf) with "!" so a
// blown-up gradient is easy to find. Both walk the graph iteratively, so a
// million-node chain draws (elided) without deep recursion.

import Foundation
import GradBase

extension Value {
  /// How many nodes this node's graph has (itself and everything it depends on).
  public var graphNodeCount: Int {
    var count = 0
    forEachReached { _ in count += 1 }
    return count
  }

  /// A tree drawing of the graph, root first, one node per line:
  ///
  /// ```
  /// #1 L (*)  data=-8.0  grad=1.0
  /// ├─ #2 d (+)  data=4.0  grad=-2.0
  /// │  ├─ #3 e (*)  data=-6.0  grad=-2.0
  /// …
  /// ```
  /// A node met again is shown as `#3 (above)`; a subtree that would run
  /// past `maxWidth` continues as its own tree further down (`#9 (below)`).
  /// After `maxNodes` nodes the rest is elided with a count.
  ///
  /// - Parameters:
  ///   - maxWidth: the widest line allowed, in columns (at least 40 is sensible).
  ///   - maxNodes: how many nodes to draw before eliding the rest.
  public func drawGraph(maxWidth: Int = 80, maxNodes: Int = 30) -> String {
    var drawing = GraphDrawing(maxWidth: max(20, maxWidth), maxNodes: max(1, maxNodes))
    drawing.draw(self)
    let total = graphNodeCount
    var lines = drawing.lines
    if drawing.drawn < total {
      let more = total - drawing.drawn
      lines.append("… \(groupedThousands(more)) more node\(more == 1 ? "" : "s")")
    }
    if drawing.sawNonFinite { lines.append("! marks nan or inf in data or grad") }
    return lines.map { clip($0, to: max(20, maxWidth)) }.joined(separator: "\n")
  }

  /// The graph in Graphviz DOT, left to right: a box per value (label,
  /// data, grad) and an ellipse per op, as in micrograd's `draw_dot`.
  ///
  /// Non-finite values are drawn red with a "!" and explained in a legend.
  /// Render with `dot -Tsvg graph.dot > graph.svg`.
  ///
  /// - Parameter maxNodes: values beyond this many (nearest the root first)
  ///   are left out and counted in a note.
  public func dot(maxNodes: Int = 5_000) -> String {
    var order: [Value] = []
    var total = 0
    forEachReached { v in
      total += 1
      if order.count < max(1, maxNodes) { order.append(v) }
    }
    var ids: [Value: Int] = [:]
    for (k, v) in order.enumerated() { ids[v] = k }
    var out = [
      "digraph gradrepl {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];",
    ]
    var sawNonFinite = false
    for (k, v) in order.enumerated() {
      let bad = v.isNonFinite
      sawNonFinite = sawNonFinite || bad
      var text = bad ? "! " : ""
      if let label = v.label { text += label + "\n" }
      text += "data \(formatScalar(v.data))\ngrad \(formatScalar(v.grad))"
      let colour = bad ? ", color=\"red\", fontcolor=\"red\"" : ""
      out.append("  n\(k) [shape=box, label=\(dotQuoted(text))\(colour)];")
      guard v.op != .leaf else { continue }
      out.append("  n\(k)_op [shape=ellipse, label=\(dotQuoted(v.opText))];")
      out.append("  n\(k)_op -> n\(k);")
      for child in v.children {
        if let c = ids[child] { out.append("  n\(c) -> n\(k)_op;") }
      }
    }
    if total > order.count {
      let note = "… \(groupedThousands(total - order.count)) more nodes not shown"
      out.append("  more [shape=note, label=\(dotQuoted(note))];")
    }
    if sawNonFinite {
      out.append(
        "  legend [shape=note, color=\"red\", fontcolor=\"red\", "
          + "label=\(dotQuoted("! nan or inf in data or grad"))];")
    }
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }

  /// The op as drawn: `*`, `tanh`, `**2.0` for a constant exponent.
  var opText: String {
    if let k = exponent { return "**" + formatScalar(k) }
    return op.symbol
  }
}

/// The state of one text drawing.
private struct GraphDrawing {
  let maxWidth: Int
  let maxNodes: Int
  var lines: [String] = []
  var ids: [Value: Int] = [:]
  /// Nodes drawn in full, and those waiting to start a tree of their own.
  var drawn = 0
  var isDrawn: Set<Value> = []
  var waiting: [Value] = []
  var sawNonFinite = false

  init(maxWidth: Int, maxNodes: Int) {
    self.maxWidth = maxWidth
    self.maxNodes = maxNodes
  }

  mutating func id(of v: Value) -> Int {
    if let id = ids[v] { return id }
    let id = ids.count + 1
    ids[v] = id
    return id
  }

  mutating func draw(_ root: Value) {
    waiting = [root]
    var next = 0
    while next < waiting.count, drawn < maxNodes {
      drawTree(waiting[next])
      next += 1
    }
  }

  /// Draws one tree depth first with an explicit stack (no recursion).
  mutating func drawTree(_ top: Value) {
    var stack: [(value: Value, prefix: String, connector: String)] = [(top, "", "")]
    while let (v, prefix, connector) = stack.popLast() {
      guard drawn < maxNodes else { return }
      let head = prefix + connector
      let known = ids[v] != nil
      let id = id(of: v)
      if isDrawn.contains(v) {
        lines.append(head + "#\(id) (above)")
        continue
      }
      let text = nodeText(v, id: id)
      let isTop = connector.isEmpty
      if !isTop && (known || head.count + text.count > maxWidth) {
        // Too deep to fit, or already waiting: it gets a tree of its own.
        lines.append(head + "#\(id) (below)")
        if !known { waiting.append(v) }
        continue
      }
      lines.append(head + text)
      isDrawn.insert(v)
      drawn += 1
      sawNonFinite = sawNonFinite || v.isNonFinite
      let children = v.children
      let childPrefix = prefix + (connector == "├─ " ? "│  " : isTop ? "" : "   ")
      for (k, child) in children.enumerated().reversed() {
        stack.append((child, childPrefix, k == children.count - 1 ? "└─ " : "├─ "))
      }
    }
  }

  func nodeText(_ v: Value, id: Int) -> String {
    var text = v.isNonFinite ? "!#\(id)" : "#\(id)"
    if let label = v.label { text += " " + clip(label, to: 16) }
    if v.op != .leaf { text += " (\(v.opText))" }
    return text + "  data=\(compactScalar(v.data))  grad=\(compactScalar(v.grad))"
  }
}

/// A number in at most about ten characters: Python-style when short,
/// otherwise six significant digits.
func compactScalar(_ x: Double) -> String {
  let exact = formatScalar(x)
  if exact.count <= 10 { return exact }
  return String(format: "%.6g", x)
}

/// `text` cut to `width` characters, ending in "…" when cut.
func clip(_ text: String, to width: Int) -> String {
  guard text.count > width, width > 0 else { return text }
  return String(text.prefix(width - 1)) + "…"
}

/// A DOT double-quoted string: backslashes and quotes escaped, line breaks
/// as DOT's centred `\n`.
func dotQuoted(_ text: String) -> String {
  var out = "\""
  for ch in text {
    switch ch {
    case "\\": out += "\\\\"
    case "\"": out += "\\\""
    case "\n", "\r\n": out += "\\n"
    case "\r": continue
    default: out.append(ch)
    }
  }
  return out + "\""
}
