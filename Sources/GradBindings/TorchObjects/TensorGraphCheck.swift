// :gradcheck f, where f() returns a scalar tensor: backprop against finite differences.
//
// A tensor's graph keeps backward rules, not its forward computation, so the check needs the
// computation itself: a function of no arguments that builds the scalar from the leaves. For
// each checked element x of each leaf,
//
//   ∂f/∂x ≈ (f(x + ε) − f(x − ε)) / 2ε        (central differences: error O(ε²))
//
// is compared with the gradient one backward pass gives. The element is written in place and
// put back exactly; f runs under no_grad for the nudged values, so no graph is kept.

import Foundation
import GradBase
import GradLanguage
import GradTensor

/// One `:gradcheck f` on a function whose first call returned `output`.
struct TensorGradCheck {
  /// Elements checked per leaf at most; bigger leaves are sampled evenly.
  static let elementCap = 100

  /// The step and the tolerances (|error| ≤ atol + rtol·|numeric|) for a leaf's dtype:
  /// float64 resolves a step of 1e-6; float32 (7 digits) needs a coarser step and looser
  /// tolerances, and even then the verdict is only indicative.
  static func settings(_ dtype: DType) -> (epsilon: Double, atol: Double, rtol: Double) {
    dtype == .float64 ? (1e-6, 1e-5, 1e-3) : (1e-3, 1e-3, 1e-2)
  }

  let output: Tensor
  let function: RValue
  let session: Session

  /// One leaf's result.
  private struct Row {
    var name: String
    var leaf: Tensor
    var checked: Int
    var maxAbsolute = 0.0
    var maxRelative = 0.0
    var ok = true
    var worst: (flat: Int, analytic: Double, numeric: Double)?
  }

  /// Runs the check and returns the report: a heading, one table row per leaf, notes.
  func report() throws(ReplError) -> String {
    guard output.count == 1 else {
      throw ReplError("ValueError", TensorGraphText.checkNotScalar(output))
    }
    guard output.requiresGrad && !output.isLeaf else {
      throw ReplError("ValueError", TensorGraphText.checkNoGraph(output))
    }
    let interpreter = session.interpreter
    let names = TensorGraph.variableNames(interpreter)
    let graph = TensorGraph(root: output)
    let value = try engine { try output.item() }

    // A second call tells the leaves (the same tensors each time) from the tensors f makes
    // anew, and shows what was computed outside f (the same non-leaf tensors each time).
    let again = try scalar(try interpreter.call(function, Arguments([])))
    let valueAgain = try engine { try again.item() }
    // Finite differences need f to give the same value for the same leaves.
    guard valueAgain == value || (value.isNaN && valueAgain.isNaN) else {
      throw ReplError("ValueError", TensorGraphText.checkNotRepeatable(value, valueAgain))
    }
    let persistent = Set(TensorGraph(root: again).nodes.map { ObjectIdentifier($0.tensor) })
    let allLeaves = graph.leaves
    let leaves = allLeaves.filter { persistent.contains(ObjectIdentifier($0)) }
    var outside: [String] = []
    for node in graph.nodes where !node.tensor.isLeaf {
      guard persistent.contains(ObjectIdentifier(node.tensor)) else { continue }
      outside.append(
        TensorGraphText.nodeName(
          TensorGraph.nodeName(node.tensor), variable: names[ObjectIdentifier(node.tensor)]))
    }
    guard !leaves.isEmpty else {
      throw ReplError("ValueError", TensorGraphText.checkNoPersistentLeaf)
    }

    // Backprop, from no .grad; the graph is kept, since part of it may be the student's. Each
    // leaf's .grad is put back afterwards, so the check leaves no trace.
    let saved = leaves.map(\.grad)
    defer { for (leaf, grad) in zip(leaves, saved) { leaf.grad = grad } }
    for leaf in leaves { leaf.grad = nil }
    try engine { try output.backward(retainGraph: true) }
    let analytic = leaves.map { leaf in
      leaf.grad?.toDoubleArray() ?? [Double](repeating: 0, count: leaf.count)
    }

    // Finite differences.
    var rows: [Row] = []
    let total = leaves.map { min($0.count, TensorGradCheck.elementCap) }.reduce(0, +)
    var done = 0
    for (k, leaf) in leaves.enumerated() {
      let n = leaf.count
      let m = min(n, TensorGradCheck.elementCap)
      let (epsilon, atol, rtol) = TensorGradCheck.settings(leaf.dtype)
      var row = Row(name: names[ObjectIdentifier(leaf)] ?? "leaf \(k + 1)", leaf: leaf, checked: m)
      for s in 0..<m {
        // Evenly spread: 0, n/m, 2n/m, …
        let j = s * n / m
        try checkInterrupt(done: done, total: total)
        let numeric: Double
        do {
          numeric = try slope(leaf, at: j, epsilon: epsilon)
        } catch  where error.kind == "KeyboardInterrupt" {
          throw ReplError(
            "KeyboardInterrupt", TensorGraphText.checkInterrupted(done: done, total: total))
        }
        done += 1
        let a = analytic[k][j]
        let error = Swift.abs(a - numeric)
        let relative = error / Swift.max(Swift.abs(numeric), 1e-8)
        if !(error <= atol + rtol * Swift.abs(numeric)) {
          if row.ok || error > row.maxAbsolute { row.worst = (j, a, numeric) }
          row.ok = false
        }
        // A nan error (a nan slope or gradient) is the worst there is.
        if error > row.maxAbsolute || error.isNaN { row.maxAbsolute = error }
        if relative > row.maxRelative || relative.isNaN { row.maxRelative = relative }
      }
      rows.append(row)
    }
    return render(
      rows, value: value, madeAnew: allLeaves.count - leaves.count, outside: outside)
  }

  /// (f(x + ε) − f(x − ε)) / (x₊ − x₋) for element `j` of `leaf`, dividing by the step the
  /// dtype really stored; the element is put back exactly, whatever happens.
  private func slope(_ leaf: Tensor, at j: Int, epsilon: Double) throws(ReplError) -> Double {
    let original = leaf.element(atFlat: j)
    defer { _ = try? leaf.setElement(atFlat: j, to: original) }
    let up = try engine { try leaf.setElement(atFlat: j, to: original + epsilon) }
    let fUp = try evaluate()
    let down = try engine { try leaf.setElement(atFlat: j, to: original - epsilon) }
    let fDown = try evaluate()
    return (fUp - fDown) / (up - down)
  }

  /// f() under no_grad, as a number.
  private func evaluate() throws(ReplError) -> Double {
    let interpreter = session.interpreter
    let out = try engine { try noGrad { try interpreter.call(function, Arguments([])) } }
    let t = try scalar(out)
    return try engine { try t.item() }
  }

  /// What f returned, when it is a one-element tensor.
  private func scalar(_ v: RValue) throws(ReplError) -> Tensor {
    guard let t = v.tensor else {
      throw ReplError.type(
        ":gradcheck f needs f() to return a scalar tensor each time, but it returned a "
          + "'\(v.typeName)'")
    }
    guard t.count == 1 else { throw ReplError("ValueError", TensorGraphText.checkNotScalar(t)) }
    return t
  }

  /// Ctrl-C between two elements: the process-wide flag or this session's own.
  private func checkInterrupt(done: Int, total: Int) throws(ReplError) {
    guard session.interruptFlag.isRequested || Interrupt.isRequested else { return }
    session.interruptFlag.clear()
    Interrupt.clear()
    throw ReplError("KeyboardInterrupt", TensorGraphText.checkInterrupted(done: done, total: total))
  }

  /// The heading, the table and the notes.
  private func render(_ rows: [Row], value: Double, madeAnew: Int, outside: [String]) -> String {
    var table = [TensorGraphText.checkColumns]
    for row in rows {
      table.append([
        row.name, shapeText(row.leaf.shape), row.leaf.dtype.rawValue,
        TensorGraphText.checked(row.checked, of: row.leaf.count),
        TensorGraphText.number(row.maxAbsolute), TensorGraphText.number(row.maxRelative),
        TensorGraphText.verdict(row.ok),
      ])
    }
    var widths = [Int](repeating: 0, count: TensorGraphText.checkColumns.count)
    for line in table {
      for (c, cell) in line.enumerated() { widths[c] = max(widths[c], cell.count) }
    }
    var lines = [TensorGraphText.checkHeading(value: value, dtype: output.dtype)]
    for line in table {
      let cells = line.enumerated().map { c, cell in
        c == line.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
      }
      lines.append("  " + cells.joined(separator: "  ").trimmingTrailingSpaces())
    }
    for row in rows {
      guard let worst = row.worst else { continue }
      lines.append(
        TensorGraphText.worstElement(
          row.name, index: elementIndex(worst.flat, row.leaf.shape), analytic: worst.analytic,
          numeric: worst.numeric))
    }
    lines += TensorGraphText.checkNotes(
      passed: rows.allSatisfy(\.ok),
      tolerance64: rows.contains { $0.leaf.dtype == .float64 },
      tolerance32: rows.contains { $0.leaf.dtype != .float64 },
      capped: rows.filter { $0.checked < $0.leaf.count }.map(\.name),
      cap: TensorGradCheck.elementCap, madeAnew: madeAnew, outside: outside)
    return lines.joined(separator: "\n") + "\n"
  }

  /// `2, 3`: a row-major position as an index into `shape`.
  private func elementIndex(_ flat: Int, _ shape: [Int]) -> String {
    var rest = flat
    var index: [Int] = []
    for size in shape.reversed() {
      index.append(rest % max(size, 1))
      rest /= max(size, 1)
    }
    return index.reversed().map(String.init).joined(separator: ", ")
  }
}

extension String {
  /// The string without the spaces at its end.
  fileprivate func trimmingTrailingSpaces() -> String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
