// A tensor's autograd graph for :graph and :dot.
//
// The graph PyTorch keeps is one of backward nodes: each result computed from tensors that
// require grad has a `grad_fn` (`MulBackward0`) whose inputs lead to the nodes that made
// them, down to the leaves, where `AccumulateGrad` adds the gradient into `.grad`. Inputs
// that do not require grad (constants, data) get no gradient and are not part of it, as in
// PyTorch's `next_functions`. Here every such node is one tensor: the result it made.

import Foundation
import GradBase
import GradCore
import GradLanguage
import GradTensor

/// The tensors reached from a root through the inputs that require grad, each once.
struct TensorGraph {
  /// One node: the tensor and the positions of its inputs that require grad.
  struct Node {
    let tensor: Tensor
    /// Positions in `nodes`, in the order the operation recorded its inputs (an input used
    /// twice, as in `x * x`, appears twice).
    let children: [Int]
  }

  /// Nodes beyond this many are not explored.
  static let nodeLimit = 10_000

  /// The nodes, root first, nearest the root first.
  let nodes: [Node]
  /// Whether the walk stopped at the limit with nodes left unexplored.
  let isTruncated: Bool

  /// Walks the graph breadth first from `root`.
  init(root: Tensor, limit: Int = TensorGraph.nodeLimit) {
    var tensors: [Tensor] = [root]
    var position: [ObjectIdentifier: Int] = [ObjectIdentifier(root): 0]
    var children: [[Int]] = []
    var truncated = false
    var next = 0
    while next < tensors.count {
      var mine: [Int] = []
      for input in tensors[next].gradFnInputs where input.requiresGrad {
        if let k = position[ObjectIdentifier(input)] {
          mine.append(k)
        } else if tensors.count < limit {
          position[ObjectIdentifier(input)] = tensors.count
          mine.append(tensors.count)
          tensors.append(input)
        } else {
          truncated = true
        }
      }
      children.append(mine)
      next += 1
    }
    nodes = zip(tensors, children).map { Node(tensor: $0, children: $1) }
    isTruncated = truncated
  }

  /// Whether an earlier `backward()` freed a node's saved tensors.
  var isReleased: Bool { nodes.contains { $0.tensor.isGradFnReleased } }

  /// The leaves that require grad, in the order the drawing meets them (depth first, each
  /// operation's inputs in order).
  var leaves: [Tensor] {
    var found: [Tensor] = []
    var seen = Set<Int>()
    var stack = [0]
    while let k = stack.popLast() {
      guard seen.insert(k).inserted else { continue }
      if nodes[k].tensor.isLeaf { found.append(nodes[k].tensor) }
      stack.append(contentsOf: nodes[k].children.reversed())
    }
    return found
  }

  /// What the text drawing shows: per node its PyTorch name, shape and dtype, and for a leaf
  /// (or a tensor that kept its gradient) the norm of its `.grad`.
  func description(names: [ObjectIdentifier: String]) throws(ReplError) -> GraphDescription {
    var described: [GraphDescription.Node] = []
    described.reserveCapacity(nodes.count)
    for node in nodes {
      let t = node.tensor
      let name = TensorGraph.nodeName(t)
      var text =
        TensorGraphText.nodeName(name, variable: names[ObjectIdentifier(t)]) + "  "
        + TensorGraphText.shapeAndDType(t)
      var norm = 0.0
      if t.isLeaf || t.grad != nil {
        let gradNorm = try t.grad.map { g throws(ReplError) in try TensorGraph.norm(g) }
        text += "  " + TensorGraphText.gradNote(gradNorm)
        norm = gradNorm ?? 0
      }
      described.append(
        GraphDescription.Node(
          label: nil, op: name, data: 0, grad: norm, children: node.children, text: text))
    }
    return GraphDescription(nodes: described, isTruncated: isTruncated)
  }

  /// The graph in Graphviz DOT, as torchviz's `make_dot` draws one: a box per backward node,
  /// leaves in blue, the root in green, an arrow from each input's node to its consumer.
  func dot(names: [ObjectIdentifier: String], maxNodes: Int = 5_000) throws(ReplError)
    -> String
  {
    let shown = min(nodes.count, max(1, maxNodes))
    var out = [
      "digraph gradrepl {", "  rankdir=LR;",
      "  node [shape=box, style=filled, fillcolor=\"lightgrey\", fontname=\"Helvetica\"];",
    ]
    for k in 0..<shown {
      let t = nodes[k].tensor
      var lines: [String] = []
      if let name = names[ObjectIdentifier(t)] { lines.append(name) }
      lines.append(TensorGraph.nodeName(t))
      lines.append(TensorGraphText.shapeAndDType(t))
      if t.isLeaf || t.grad != nil {
        lines.append(
          TensorGraphText.gradNote(
            try t.grad.map { g throws(ReplError) in try TensorGraph.norm(g) }))
      }
      let colour =
        t.isLeaf ? ", fillcolor=\"lightblue\"" : k == 0 ? ", fillcolor=\"darkolivegreen1\"" : ""
      out.append("  n\(k) [label=\(dotQuoted(lines.joined(separator: "\n")))\(colour)];")
    }
    for k in 0..<shown {
      for child in nodes[k].children where child < shown {
        out.append("  n\(child) -> n\(k);")
      }
    }
    if shown < nodes.count || isTruncated {
      var note =
        shown < nodes.count
        ? "… \(groupedThousands(nodes.count - shown)) more nodes not shown" : "…"
      if isTruncated {
        note += shown < nodes.count ? ", and more not explored" : " more nodes not explored"
      }
      out.append("  more [shape=note, fillcolor=\"white\", label=\(dotQuoted(note))];")
    }
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }

  /// The node's name as PyTorch prints it: the `grad_fn`, or `AccumulateGrad` for a leaf.
  static func nodeName(_ t: Tensor) -> String {
    t.gradFnName ?? TensorGraphText.leafNodeName
  }

  /// ‖t‖₂ over every element, in float64.
  static func norm(_ t: Tensor) throws(ReplError) -> Double {
    try engine { try noGrad { try t.detach().double().norm().item() } }
  }

  /// What to call the tensor a command was given: its variable, else the expression typed
  /// when it is short.
  static func rootName(_ t: Tensor, expression: String, _ names: [ObjectIdentifier: String])
    -> String
  {
    if let name = names[ObjectIdentifier(t)] { return name }
    let typed = expression.trimmingCharacters(in: .whitespaces)
    return !typed.isEmpty && typed.count <= 24 ? typed : "out"
  }

  /// Names of the tensors bound to variables at the prompt, by tensor identity: `w`, and
  /// for a layer such as `lin = nn.Linear(3, 4)`, `lin.weight` and `lin.bias`. (Objects of
  /// the student's own classes are not searched: reading their attributes may run their code.)
  static func variableNames(_ interpreter: Interpreter) -> [ObjectIdentifier: String] {
    var names: [ObjectIdentifier: String] = [:]
    let globals = interpreter.globalNames.filter { $0 != "_" }
    for name in globals {
      guard let t = interpreter.lookup(name)?.tensor else { continue }
      if names[ObjectIdentifier(t)] == nil { names[ObjectIdentifier(t)] = name }
    }
    for name in globals {
      guard case .object(let o)? = interpreter.lookup(name), !(o is TensorObject),
        !(o is InstanceObject), !(o is ClassObject)
      else { continue }
      for attribute in ["weight", "bias"] {
        guard let value = try? o.attribute(attribute, in: interpreter), let t = value.tensor
        else { continue }
        if names[ObjectIdentifier(t)] == nil { names[ObjectIdentifier(t)] = "\(name).\(attribute)" }
      }
    }
    return names
  }
}

/// A DOT double-quoted string: backslashes and quotes escaped, line breaks as DOT's `\n`.
private func dotQuoted(_ text: String) -> String {
  var out = "\""
  for ch in text {
    switch ch {
    case "\\": out += "\\\\"
    case "\"": out += "\\\""
    case "\n": out += "\\n"
    default: out.append(ch)
    }
  }
  return out + "\""
}

// MARK: - The graph commands on a tensor

extension TensorObject: GraphSource {
  func graphDrawing(expression: String, width: Int, in session: Session) throws(ReplError)
    -> String
  {
    let names = TensorGraph.variableNames(session.interpreter)
    let graph = try checkedGraph(expression, names, command: "graph")
    return try graph.description(names: names).drawGraph(maxWidth: width)
  }

  func graphDOT(expression: String, in session: Session) throws(ReplError)
    -> (text: String, nodeCount: Int)
  {
    let names = TensorGraph.variableNames(session.interpreter)
    let graph = try checkedGraph(expression, names, command: "dot")
    return (try graph.dot(names: names), graph.nodes.count)
  }

  func backwardSteps(expression: String, in session: Session) throws(ReplError)
    -> any GraphStepper
  {
    let names = TensorGraph.variableNames(session.interpreter)
    let graph = try checkedGraph(expression, names, command: "step")
    let name = TensorGraph.rootName(tensor, expression: expression, names)
    guard tensor.count == 1 else {
      throw ReplError("ValueError", TensorGraphText.notScalar(tensor, name: name))
    }
    guard !graph.isReleased else {
      throw ReplError("RuntimeError", TensorGraphText.released(name: name))
    }
    return try TensorBackwardStepper(root: tensor, rootName: name, names: names)
  }

  func gradCheckRefusal(expression: String) -> String {
    TensorGraphText.gradCheckRefusal(expression)
  }

  func gradCheck(recomputing function: RValue, in session: Session) throws(ReplError) -> String {
    do {
      return try TensorGradCheck(output: tensor, function: function, session: session).report()
    } catch  where error.kind == "KeyboardInterrupt" && error.message.isEmpty {
      // Stopped inside one of f's own calls, before any element was nudged.
      throw ReplError("KeyboardInterrupt", TensorGraphText.checkInterruptedEarly)
    }
  }

  /// The graph of this tensor, or the error that says why it has none.
  private func checkedGraph(
    _ expression: String, _ names: [ObjectIdentifier: String], command: String
  ) throws(ReplError) -> TensorGraph {
    guard tensor.requiresGrad && !tensor.isLeaf else {
      let name = TensorGraph.rootName(tensor, expression: expression, names)
      throw ReplError("ValueError", TensorGraphText.noGraph(tensor, name: name, command: command))
    }
    return TensorGraph(root: tensor)
  }
}
