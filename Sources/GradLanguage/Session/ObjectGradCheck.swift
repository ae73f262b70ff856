// :gradcheck f, where f() builds a graph of micrograd-shaped objects (or Values).
//
// A graph of the student's own objects keeps only numbers: its forward pass is the code of
// their class, which the graph cannot replay. So the check needs the computation itself, as
// a function of no arguments that builds the output from the leaves' current data:
//
//   ∂f/∂x ≈ (f(x + ε) − f(x − ε)) / 2ε
//
// compared with the grad that the objects' own _backward() closures give the leaf.

import GradCore

enum ObjectGradCheck {
  static let epsilon = 1e-6
  static let tolerance = 1e-5

  /// Why `:gradcheck X` refuses a graph of objects, and what to type instead.
  static func cannotReplay(_ root: RValue, _ expression: String) -> String {
    """
    :gradcheck cannot recompute \(expression): it is a '\(root.typeName)' object, not the \
    built-in Value, so its forward pass is your own code (its __add__, __mul__, ...), which \
    the graph does not record. Put the computation in a function that builds it from the \
    leaves and check that:
        def f(): return (a * b).tanh()
        :gradcheck f
    Each leaf's .data is nudged by ±ε, f() runs again, and the slope is compared with the \
    grad your _backward() closures give.
    """
  }

  /// Runs the check on `function`, which takes no arguments and returns the output node;
  /// `firstOutput` is what a first call already returned.
  static func run(_ c: CommandContext, function: RValue, firstOutput: RValue) -> InputStatus {
    let interpreter = c.session.interpreter
    do {
      let (report, notes) = try check(function, firstOutput: firstOutput, interpreter)
      c.write(report.description + "\n" + notes.map { $0 + "\n" }.joined())
      return .complete
    } catch {
      return c.fail(error)
    }
  }

  /// The report, and notes on leaves not checked and nodes made outside the function.
  static func check(_ function: RValue, firstOutput: RValue, _ interpreter: Interpreter)
    throws(ReplError) -> (GradCheckReport, [String])
  {
    let first = try node(firstOutput)
    let graph = try ObjectGraph(root: first, interpreter: interpreter)
    let order = try graph.topologicalOrder(interpreter)
    // A second call tells the inputs (the same objects each time) from the constants and
    // intermediate nodes f makes anew.
    let again = try ObjectGraph(root: try output(function, interpreter), interpreter: interpreter)
    let persistent = Set(again.nodes.compactMap { ObjectGraph.Identity($0.object) })
    let names = ObjectGraphCommands.objectNames(interpreter)
    var leaves: [RValue] = []
    var constants = 0
    var outside: [String] = []
    for node in graph.nodes {
      let persists = ObjectGraph.Identity(node.object).map(persistent.contains) ?? false
      if node.children.isEmpty {
        if persists { leaves.append(node.object) } else { constants += 1 }
      } else if persists {
        outside.append(try ObjectGraphCommands.name(node.object, names, interpreter))
      }
    }

    // Analytic: micrograd's backward on the first graph, from zeroed grads; every grad it
    // touched is put back afterwards, so the student's grads are left as they were.
    var saved: [(RValue, RValue)] = []
    for node in graph.nodes {
      saved.append((node.object, try ObjectGraph.required(node.object, "grad", interpreter)))
    }
    defer {
      for (object, grad) in saved { try? interpreter.setAttribute(object, "grad", grad) }
    }
    for node in graph.nodes { try interpreter.setAttribute(node.object, "grad", .float(0)) }
    try interpreter.setAttribute(first, "grad", .float(1))
    for index in order {
      let backward = try ObjectGraph.required(graph.nodes[index].object, "_backward", interpreter)
      _ = try interpreter.call(backward, Arguments([]))
    }
    var analytic: [Double] = []
    for leaf in leaves { analytic.append(try ObjectGraph.number(leaf, "grad", interpreter)) }

    // Numeric: central differences, each leaf's data restored exactly.
    var entries: [GradCheckReport.Entry] = []
    for (k, leaf) in leaves.enumerated() {
      let original = try ObjectGraph.required(leaf, "data", interpreter)
      let x = try ObjectGraph.number(leaf, "data", interpreter)
      defer { try? interpreter.setAttribute(leaf, "data", original) }
      try interpreter.setAttribute(leaf, "data", .float(x + epsilon))
      let up = try ObjectGraph.number(try output(function, interpreter), "data", interpreter)
      try interpreter.setAttribute(leaf, "data", .float(x - epsilon))
      let down = try ObjectGraph.number(try output(function, interpreter), "data", interpreter)
      let label =
        try ObjectGraph.label(leaf, interpreter)
        ?? ObjectGraph.Identity(leaf).flatMap { names[$0] } ?? "#\(k)"
      entries.append(
        GradCheckReport.Entry(
          name: label, analytic: analytic[k], numeric: (up - down) / (2 * epsilon),
          tolerance: tolerance))
    }
    var notes: [String] = []
    if leaves.isEmpty {
      notes.append(
        "no leaf is the same object from one call of the function to the next: build the "
          + "graph from leaves made outside it (a = Value(2.0) at the prompt)")
    }
    if constants > 0 {
      notes.append(
        "\(constants) leaf node\(constants == 1 ? " is" : "s are") made anew by each call "
          + "(constants such as the 2 in 2 * a): not checked")
    }
    if !outside.isEmpty {
      notes.append(
        "note: \(outside.joined(separator: ", ")) \(outside.count == 1 ? "is" : "are") computed "
          + "outside the function, so nudging a leaf does not recompute "
          + "\(outside.count == 1 ? "it" : "them"); build the whole graph inside it")
    }
    return (GradCheckReport(entries: entries, epsilon: epsilon, tolerance: tolerance), notes)
  }

  /// `function()`, which must return a node.
  private static func output(_ function: RValue, _ interpreter: Interpreter) throws(ReplError)
    -> RValue
  {
    try node(try interpreter.call(function, Arguments([])))
  }

  /// What the function returned, when it is a node.
  private static func node(_ out: RValue) throws(ReplError) -> RValue {
    guard ObjectGraph.Identity(out) != nil else {
      throw ReplError.type(
        ":gradcheck f needs f() to return the output node (an object with data, grad, _prev, "
          + "_op and _backward), but it returned a '\(out.typeName)'")
    }
    return out
  }
}
