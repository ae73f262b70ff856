// Commands that show a Value's graph: :graph, :dot, :gradcheck.

import Foundation
import GradCore

extension CommandRegistry {
  static let graphCommands: [ReplCommand] = [
    ReplCommand(
      name: "graph", arguments: "X",
      summary: "draw the graph that computed X, with data and grad",
      help: """
        :graph X draws the expression graph ending at the Value X: each node shows its label
        (or operation), its data and its grad. Large graphs are cut short with a count of the
        nodes left out. Nodes whose data or grad is nan or inf are marked with !.
        X may also be an object shaped like micrograd's Value (data, grad, _prev, _op, and
        label if it has one), such as one of your own class: its graph is found by walking
        _prev (at most 10,000 nodes).
        X may be a tensor that has a graph: each backward node is shown by its PyTorch name
        (MulBackward0; AccumulateGrad for a leaf, with its variable's name), its shape and
        dtype, and each leaf's ‖grad‖.
        """,
      handler: GraphCommands.graph),
    ReplCommand(
      name: "dot", arguments: "X FILE", summary: "write X's graph as Graphviz DOT to FILE",
      help: """
        :dot X FILE writes the graph ending at X (a Value, or an object shaped like
        micrograd's, or a tensor's graph of backward nodes) in Graphviz's DOT language (the
        file is replaced atomically).
        Render it with: dot -Tsvg FILE -o graph.svg
        """,
      handler: GraphCommands.dot),
    ReplCommand(
      name: "gradcheck", arguments: "X",
      summary: "compare X's backprop gradients with finite differences",
      help: """
        :gradcheck X recomputes the graph ending at the Value X with each leaf nudged by ±ε and
        compares the slope (central differences) with the gradient backpropagation gives, leaf
        by leaf. The graph's grads are left as they were.
        A graph of your own objects cannot be recomputed (its forward pass is your class's
        code), so give :gradcheck a function of no arguments that builds it instead
        (:gradcheck f): each leaf's .data is nudged, f() runs again, and the slope is compared
        with the grad the objects' own _backward() closures give.
        For a tensor, f() returns a scalar tensor: each element of each leaf that requires
        grad is nudged (at most 100 per leaf, float64 for a real check; float32 only gives an
        indication) and a table per leaf shows the largest errors. Ctrl-C stops it.
        """,
      handler: GraphCommands.gradCheck),
  ]
}

enum GraphCommands {
  @Sendable static func graph(_ c: CommandContext) -> InputStatus {
    guard let argument = StandardCommands.graphArgument(c, c.argument, command: "graph") else {
      return .failed
    }
    if case .object(let source as any GraphSource) = argument {
      return GraphSourceCommands.graph(c, source)
    }
    guard case .value(let v) = argument else { return ObjectGraphCommands.graph(c, argument) }
    let drawing = v.drawGraph(maxWidth: 80)
    c.write(drawing.hasSuffix("\n") ? drawing : drawing + "\n")
    return .complete
  }

  @Sendable static func dot(_ c: CommandContext) -> InputStatus {
    let parts = c.argument.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count >= 2, let file = parts.last else {
      return c.fail(":dot needs a Value and a file name, e.g. :dot L graph.dot")
    }
    let expression = c.argument.dropLast(file.count).trimmingCharacters(in: .whitespaces)
    guard let argument = StandardCommands.graphArgument(c, expression, command: "dot") else {
      return .failed
    }
    if case .object(let source as any GraphSource) = argument {
      return GraphSourceCommands.dot(c, source, expression: expression, file: String(file))
    }
    guard case .value(let v) = argument else {
      return ObjectGraphCommands.dot(c, argument, file: String(file))
    }
    if let refusal = c.session.refusalToWrite(String(file)) { return c.fail(refusal) }
    do {
      try writeAtomically(v.dot(), to: String(file))
    } catch {
      return c.fail("could not write \(file): \(error.localizedDescription)")
    }
    c.write(
      "wrote the graph of \(v.graphNodeCount) node\(v.graphNodeCount == 1 ? "" : "s") to "
        + "\(file) (render: dot -Tsvg \(file) -o graph.svg)\n")
    return .complete
  }

  @Sendable static func gradCheck(_ c: CommandContext) -> InputStatus {
    guard !c.argument.isEmpty else {
      return c.fail(":gradcheck needs a Value, e.g. :gradcheck L")
    }
    let argument: RValue
    do {
      argument = try c.session.evaluate(c.argument)
    } catch {
      return c.fail(error)
    }
    switch argument {
    case .value(let v):
      c.write(GradCore.gradCheck(root: v).description + "\n")
      return .complete
    case .function, .builtin, .boundMethod:
      return gradCheck(c, function: argument)
    case .object(let source as any GraphSource):
      return c.fail(source.gradCheckRefusal(expression: c.argument))
    case .object:
      return c.fail(ObjectGradCheck.cannotReplay(argument, c.argument))
    default:
      return c.fail(
        "TypeError: :gradcheck needs a Value, or a function that builds one, "
          + "got '\(argument.typeName)'")
    }
  }

  /// `:gradcheck f`: f() is called once here, and what it returns decides who checks it.
  private static func gradCheck(_ c: CommandContext, function: RValue) -> InputStatus {
    let first: RValue
    do {
      first = try c.session.interpreter.call(function, Arguments([]))
    } catch {
      return c.fail(error)
    }
    if case .object(let source as any GraphSource) = first {
      do {
        c.write(try source.gradCheck(recomputing: function, in: c.session))
        return .complete
      } catch {
        return c.fail(error)
      }
    }
    return ObjectGradCheck.run(c, function: function, firstOutput: first)
  }
}
