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
    drawTreeGraph(root: self, total: graphNodeCount, unexplored: false, maxWidth, maxNodes)
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
    return dotGraph(order, total: total, unexplored: false)
  }

  /// The op as drawn: `*`, `tanh`, `**2.0` for a constant exponent.
  var opText: String {
    if let k = exponent { return "**" + formatScalar(k) }
    return op.symbol
  }
}

// MARK: - Graphs described node by node

/// A graph given node by node rather than as Values: what the drawings need
/// to show a graph built elsewhere (say, by a student's own micrograd-style
/// class in the REPL). Node 0 is the root; `children` are indices.
public struct GraphDescription: Sendable {
  /// One node: what the drawings show of it, and the nodes it was made from.
  public struct Node: Sendable {
    public var label: String?
    /// The operation that made it; empty for a leaf.
    public var op: String
    public var data: Double
    public var grad: Double
    /// Positions in `nodes` of the nodes it was made from.
    public var children: [Int]
    /// What the text drawing shows after the node's number instead of its label, op, data
    /// and grad, for nodes that are not scalars (a tensor's `MulBackward0  (3, 4) float32`);
    /// `data` and `grad` then only decide the "!" mark of a non-finite node.
    public var text: String?

    public init(
      label: String?, op: String, data: Double, grad: Double, children: [Int],
      text: String? = nil
    ) {
      self.label = label
      self.op = op
      self.data = data
      self.grad = grad
      self.children = children
      self.text = text
    }
  }

  /// The nodes, the root first; children out of range are ignored.
  public var nodes: [Node]
  /// Whether the graph goes on beyond `nodes` (whoever described it stopped
  /// looking): the drawings then say that more nodes were not explored.
  public var isTruncated: Bool

  public init(nodes: [Node], isTruncated: Bool = false) {
    self.nodes = nodes
    self.isTruncated = isTruncated
  }

  /// A tree drawing of the graph, exactly as `Value.drawGraph` draws one.
  public func drawGraph(maxWidth: Int = 80, maxNodes: Int = 30) -> String {
    guard !nodes.isEmpty else { return "(empty graph)" }
    let storage = DescribedNode.Storage(nodes)
    return drawTreeGraph(
      root: DescribedNode(storage, 0), total: nodes.count, unexplored: isTruncated, maxWidth,
      maxNodes)
  }

  /// The graph in Graphviz DOT, exactly as `Value.dot` writes one.
  public func dot(maxNodes: Int = 5_000) -> String {
    let storage = DescribedNode.Storage(nodes)
    let shown = min(nodes.count, max(1, maxNodes))
    let order = (0..<shown).map { DescribedNode(storage, $0) }
    return dotGraph(order, total: nodes.count, unexplored: isTruncated)
  }
}

/// What the drawings need of a node; Values and described nodes both have it.
protocol DrawableNode: Hashable {
  var drawnLabel: String? { get }
  /// The op as drawn, nil for a leaf.
  var drawnOp: String? { get }
  var drawnData: Double { get }
  var drawnGrad: Double { get }
  var drawnChildren: [Self] { get }
  /// The node's own text for the drawing, replacing label, op, data and grad; nil for those.
  var drawnText: String? { get }
}

extension DrawableNode {
  var drawnText: String? { nil }
  var isNonFiniteNode: Bool { !drawnData.isFinite || !drawnGrad.isFinite }
}

extension Value: DrawableNode {
  var drawnLabel: String? { label }
  var drawnOp: String? { op == .leaf ? nil : opText }
  var drawnData: Double { data }
  var drawnGrad: Double { grad }
  var drawnChildren: [Value] { children }
}

/// A node of a `GraphDescription`, equal by position.
struct DescribedNode: DrawableNode {
  final class Storage {
    let nodes: [GraphDescription.Node]
    init(_ nodes: [GraphDescription.Node]) { self.nodes = nodes }
  }

  let storage: Storage
  let index: Int

  init(_ storage: Storage, _ index: Int) {
    self.storage = storage
    self.index = index
  }

  static func == (a: DescribedNode, b: DescribedNode) -> Bool { a.index == b.index }
  func hash(into hasher: inout Hasher) { hasher.combine(index) }

  private var node: GraphDescription.Node { storage.nodes[index] }
  var drawnLabel: String? { node.label }
  var drawnOp: String? { node.op.isEmpty ? nil : node.op }
  var drawnData: Double { node.data }
  var drawnGrad: Double { node.grad }
  var drawnText: String? { node.text }
  var drawnChildren: [DescribedNode] {
    node.children.filter { storage.nodes.indices.contains($0) }.map { DescribedNode(storage, $0) }
  }
}

/// The text drawing of a graph of `total` nodes (more, when `unexplored`).
private func drawTreeGraph<Node: DrawableNode>(
  root: Node, total: Int, unexplored: Bool, _ maxWidth: Int, _ maxNodes: Int
) -> String {
  var drawing = GraphDrawing<Node>(maxWidth: max(20, maxWidth), maxNodes: max(1, maxNodes))
  drawing.draw(root)
  var lines = drawing.lines
  if drawing.drawn < total {
    let more = total - drawing.drawn
    lines.append(
      unexplored
        ? "… \(groupedThousands(more)) more nodes, and more not explored"
        : "… \(groupedThousands(more)) more node\(more == 1 ? "" : "s")")
  } else if unexplored {
    lines.append("… more nodes not explored")
  }
  if drawing.sawNonFinite { lines.append("! marks nan or inf in data or grad") }
  return lines.map { clip($0, to: max(20, maxWidth)) }.joined(separator: "\n")
}

/// DOT for the nodes in `order` (nearest the root first) of a graph of `total` nodes.
private func dotGraph<Node: DrawableNode>(_ order: [Node], total: Int, unexplored: Bool)
  -> String
{
  var ids: [Node: Int] = [:]
  for (k, v) in order.enumerated() where ids[v] == nil { ids[v] = k }
  var out = [
    "digraph gradrepl {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];",
  ]
  var sawNonFinite = false
  for (k, v) in order.enumerated() {
    let bad = v.isNonFiniteNode
    sawNonFinite = sawNonFinite || bad
    var text = bad ? "! " : ""
    if let label = v.drawnLabel { text += label + "\n" }
    text += "data \(formatScalar(v.drawnData))\ngrad \(formatScalar(v.drawnGrad))"
    let colour = bad ? ", color=\"red\", fontcolor=\"red\"" : ""
    out.append("  n\(k) [shape=box, label=\(dotQuoted(text))\(colour)];")
    guard let op = v.drawnOp else { continue }
    out.append("  n\(k)_op [shape=ellipse, label=\(dotQuoted(op))];")
    out.append("  n\(k)_op -> n\(k);")
    for child in v.drawnChildren {
      if let c = ids[child] { out.append("  n\(c) -> n\(k)_op;") }
    }
  }
  if total > order.count || unexplored {
    let note =
      total > order.count
      ? "… \(groupedThousands(total - order.count)) more nodes not shown"
        + (unexplored ? ", and more not explored" : "")
      : "… more nodes not explored"
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

/// The state of one text drawing.
private struct GraphDrawing<Node: DrawableNode> {
  let maxWidth: Int
  let maxNodes: Int
  var lines: [String] = []
  var ids: [Node: Int] = [:]
  /// Nodes drawn in full, and those waiting to start a tree of their own.
  var drawn = 0
  var isDrawn: Set<Node> = []
  var waiting: [Node] = []
  var sawNonFinite = false

  init(maxWidth: Int, maxNodes: Int) {
    self.maxWidth = maxWidth
    self.maxNodes = maxNodes
  }

  mutating func id(of v: Node) -> Int {
    if let id = ids[v] { return id }
    let id = ids.count + 1
    ids[v] = id
    return id
  }

  mutating func draw(_ root: Node) {
    waiting = [root]
    var next = 0
    while next < waiting.count, drawn < maxNodes {
      drawTree(waiting[next])
      next += 1
    }
  }

  /// Draws one tree depth first with an explicit stack (no recursion).
  mutating func drawTree(_ top: Node) {
    var stack: [(value: Node, prefix: String, connector: String)] = [(top, "", "")]
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
      sawNonFinite = sawNonFinite || v.isNonFiniteNode
      let children = v.drawnChildren
      let childPrefix = prefix + (connector == "├─ " ? "│  " : isTop ? "" : "   ")
      for (k, child) in children.enumerated().reversed() {
        stack.append((child, childPrefix, k == children.count - 1 ? "└─ " : "├─ "))
      }
    }
  }

  func nodeText(_ v: Node, id: Int) -> String {
    var text = v.isNonFiniteNode ? "!#\(id)" : "#\(id)"
    if let own = v.drawnText { return text + " " + own }
    if let label = v.drawnLabel { text += " " + clip(label, to: 16) }
    if let op = v.drawnOp { text += " (\(op))" }
    return text + "  data=\(compactScalar(v.drawnData))  grad=\(compactScalar(v.drawnGrad))"
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
