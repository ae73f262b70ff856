// The hook by which another engine's graphs reach :graph, :dot, :step and :gradcheck.
//
// The language draws and steps the graphs it knows itself: its Value and objects shaped like
// micrograd's. A runtime object with a graph of another kind (a tensor's autograd graph,
// bound in by GradBindings) adopts `GraphSource`, and the commands hand the graph's content
// over to it. What is the console's stays here: Enter and q between steps, the atomic file
// write, the error line.

/// A runtime object that brings its own graph to the graph commands.
public protocol GraphSource: RuntimeObject {
  /// `:graph X`: the graph drawn as text, every line at most `width` columns. `expression`
  /// is X as typed, for naming the object in what is shown.
  func graphDrawing(expression: String, width: Int, in session: Session) throws(ReplError)
    -> String

  /// `:dot X FILE`: the graph in Graphviz's DOT language, and how many nodes it has.
  func graphDOT(expression: String, in session: Session) throws(ReplError)
    -> (text: String, nodeCount: Int)

  /// `:step X`: the backward pass from this object, ready to run one node at a time.
  func backwardSteps(expression: String, in session: Session) throws(ReplError)
    -> any GraphStepper

  /// `:gradcheck X` on the object itself: why it cannot be checked without the computation
  /// that made it, and what to type instead.
  func gradCheckRefusal(expression: String) -> String

  /// `:gradcheck f`, where `f()` returned this object: compares backpropagation with finite
  /// differences (calling `function` again as often as it needs) and returns the report.
  func gradCheck(recomputing function: RValue, in session: Session) throws(ReplError) -> String
}

/// A backward pass that `:step` shows one node at a time.
public protocol GraphStepper: AnyObject {
  /// What is about to be walked, in one line (without its newline).
  var introduction: String { get }
  /// How many steps the pass takes at most.
  var total: Int { get }
  /// Takes the next step and returns what it did (lines ending in newlines); nil when the
  /// pass is finished.
  func nextStep() throws(ReplError) -> String?
  /// The line shown after the last step (ending in a newline).
  var conclusion: String { get }
}

enum GraphSourceCommands {
  /// `:step X` for a graph source: one step per Enter, q to stop.
  static func step(_ c: CommandContext, _ source: any GraphSource) -> InputStatus {
    let stepper: any GraphStepper
    do {
      stepper = try source.backwardSteps(expression: c.argument, in: c.session)
    } catch {
      return c.fail(error)
    }
    let total = stepper.total
    c.write(
      stepper.introduction + (c.reader == nil ? "\n" : "; Enter for the next, q to stop\n"))
    var count = 0
    while true {
      let text: String?
      do {
        text = try stepper.nextStep()
      } catch {
        if count > 0 {
          c.write(
            "stopped at node \(count + 1) of \(total): every grad is as the steps above "
              + "left it\n")
        }
        return c.fail(error)
      }
      guard let text else { break }
      count += 1
      c.write(text)
      guard let reader = c.reader, count < total else { continue }
      if !StandardCommands.waitForNextStep(reader) {
        c.write(StandardCommands.stoppedText(count: count, total: total))
        return .complete
      }
    }
    c.write(stepper.conclusion)
    return .complete
  }

  /// `:graph X` for a graph source.
  static func graph(_ c: CommandContext, _ source: any GraphSource) -> InputStatus {
    do {
      let drawing = try source.graphDrawing(expression: c.argument, width: 80, in: c.session)
      c.write(drawing.hasSuffix("\n") ? drawing : drawing + "\n")
      return .complete
    } catch {
      return c.fail(error)
    }
  }

  /// `:dot X FILE` for a graph source.
  static func dot(
    _ c: CommandContext, _ source: any GraphSource, expression: String, file: String
  ) -> InputStatus {
    let graph: (text: String, nodeCount: Int)
    do {
      graph = try source.graphDOT(expression: expression, in: c.session)
    } catch {
      return c.fail(error)
    }
    if let refusal = c.session.refusalToWrite(file) { return c.fail(refusal) }
    do {
      try writeAtomically(graph.text, to: file)
    } catch {
      return c.fail("could not write \(file): \(error.localizedDescription)")
    }
    let count = graph.nodeCount
    c.write(
      "wrote the graph of \(count) node\(count == 1 ? "" : "s") to \(file) "
        + "(render: dot -Tsvg \(file) -o graph.svg)\n")
    return .complete
  }
}
