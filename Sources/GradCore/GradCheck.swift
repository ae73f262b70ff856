// Gradient checking: is backward() right? Compare each leaf's analytic
// gradient with a central finite difference of the forward computation:
//
//   ∂f/∂x ≈ (f(x + ε) − f(x − ε)) / 2ε         error O(ε²) for smooth f
//
// and report, per leaf, the error
//
//   |analytic − numeric| / max(1, |analytic|, |numeric|)
//
// (relative for large gradients, absolute for small ones). At a kink (relu
// at 0) the two disagree, which is the check doing its job.

import Foundation

/// The outcome of a gradient check, one entry per leaf.
public struct GradCheckReport: Sendable, CustomStringConvertible {
  /// One leaf's comparison.
  public struct Entry: Sendable {
    /// The leaf's label, or `#k` (its position among the leaves).
    public let name: String
    /// ∂f/∂leaf from backpropagation.
    public let analytic: Double
    /// ∂f/∂leaf from central differences.
    public let numeric: Double
    /// |analytic − numeric| / max(1, |analytic|, |numeric|); nan when either is.
    public let error: Double
    /// Whether `error` is within the tolerance (false for nan).
    public let passed: Bool

    /// Compares one leaf's two gradients; `error` and `passed` follow from them.
    public init(name: String, analytic: Double, numeric: Double, tolerance: Double) {
      self.name = name
      self.analytic = analytic
      self.numeric = numeric
      error = abs(analytic - numeric) / max(1, abs(analytic), abs(numeric))
      passed = error <= tolerance
    }
  }

  public let entries: [Entry]
  /// The finite-difference step ε.
  public let epsilon: Double
  /// The largest error an entry may have and pass.
  public let tolerance: Double

  public init(entries: [Entry], epsilon: Double, tolerance: Double) {
    self.entries = entries
    self.epsilon = epsilon
    self.tolerance = tolerance
  }

  /// The largest per-leaf error (nan if any error is nan, 0 with no leaves).
  public var maxError: Double {
    if entries.contains(where: { $0.error.isNaN }) { return .nan }
    return entries.map(\.error).max() ?? 0
  }

  /// Whether every leaf passed.
  public var passed: Bool { entries.allSatisfy(\.passed) }

  public var description: String {
    let verdict = passed ? "passed" : "FAILED"
    var lines = [
      "gradient check: \(verdict), max error \(shortScalar(maxError)) "
        + "(central differences, eps=\(shortScalar(epsilon)), tolerance \(shortScalar(tolerance)))",
      "  " + pad("leaf", 14) + pad("analytic", 16) + pad("numeric", 16) + "error",
    ]
    for e in entries {
      let mark = e.passed ? "  " : "! "
      lines.append(
        mark + pad(clip(e.name, to: 13), 14) + pad(compactScalar(e.analytic), 16)
          + pad(compactScalar(e.numeric), 16) + shortScalar(e.error))
    }
    if !passed { lines.append("! marks a leaf whose gradients disagree") }
    return lines.joined(separator: "\n")
  }

  private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
  }

  private func shortScalar(_ x: Double) -> String {
    x.isFinite ? String(format: "%.3g", x) : formatScalar(x)
  }
}

/// Checks backpropagation through `f` at `leaves` against central differences.
///
/// `f` is called once to build the graph (whose backward gives the analytic
/// gradients, without touching anyone's `grad`) and twice per leaf with that
/// leaf's `data` nudged by ±ε (restored afterwards).
///
/// ```
/// let x = Value(0.5, label: "x"), y = Value(-1.5, label: "y")
/// let report = gradCheck(leaves: [x, y]) { v in (v[0] * v[1]).tanh() }
/// report.passed   // true
/// ```
/// - Parameters:
///   - leaves: the inputs to perturb.
///   - epsilon: the finite-difference step ε.
///   - tolerance: the largest error that passes.
///   - f: builds the expression from the leaves.
public func gradCheck(
  leaves: [Value], epsilon: Double = 1e-6, tolerance: Double = 1e-5,
  _ f: ([Value]) -> Value
) -> GradCheckReport {
  let root = f(leaves)
  let analytic = root.gradients(of: leaves)
  var entries: [GradCheckReport.Entry] = []
  for (k, leaf) in leaves.enumerated() {
    let numeric = centralDifference(of: leaf, epsilon: epsilon) { f(leaves).data }
    entries.append(
      entry(
        name: leaf.label ?? "#\(k)", analytic: analytic[k], numeric: numeric,
        tolerance: tolerance))
  }
  return GradCheckReport(entries: entries, epsilon: epsilon, tolerance: tolerance)
}

/// Checks backpropagation through an already built graph.
///
/// Finds the graph's leaves and recomputes its forward pass by replaying
/// each node's op, in creation order, on the (perturbed) leaf values, so no
/// closure is needed. Leaves are reported in creation order, `#k` when
/// unlabelled. The graph itself is left as it was.
public func gradCheck(root: Value, epsilon: Double = 1e-6, tolerance: Double = 1e-5)
  -> GradCheckReport
{
  let replay = GraphReplay(root: root)
  let leaves = replay.leaves
  let analytic = root.gradients(of: leaves)
  var entries: [GradCheckReport.Entry] = []
  for (k, leaf) in leaves.enumerated() {
    let numeric = centralDifference(of: leaf, epsilon: epsilon) { replay.forward() }
    entries.append(
      entry(
        name: leaf.label ?? "#\(k)", analytic: analytic[k], numeric: numeric,
        tolerance: tolerance))
  }
  return GradCheckReport(entries: entries, epsilon: epsilon, tolerance: tolerance)
}

private func entry(name: String, analytic: Double, numeric: Double, tolerance: Double)
  -> GradCheckReport.Entry
{
  GradCheckReport.Entry(name: name, analytic: analytic, numeric: numeric, tolerance: tolerance)
}

/// (f(x + ε) − f(x − ε)) / 2ε, with the leaf's data restored afterwards.
private func centralDifference(of leaf: Value, epsilon: Double, _ f: () -> Double) -> Double {
  let x = leaf.data
  leaf.data = x + epsilon
  let up = f()
  leaf.data = x - epsilon
  let down = f()
  leaf.data = x
  // Each evaluation built a throwaway graph: let its blocks go.
  Tape.local.startNewBlock()
  return (up - down) / (2 * epsilon)
}

extension Value {
  /// ∂self/∂v for each v, by one backward pass that leaves every `grad` alone.
  func gradients(of values: [Value]) -> [Double] {
    let pass = propagateUpstream()
    return values.map { $0.node.pointee.stamp == pass ? $0.node.pointee.upstream : 0 }
  }

  /// A new node made by `op` from `parents`, through the same primitives the
  /// graph was first built with.
  static func replaying(_ op: Op, data: Double, exponent: Double?, parents: [Value]) -> Value {
    switch (op, parents.count) {
    case (.leaf, _): return Value(data)
    case (.add, 2): return parents[0] + parents[1]
    case (.mul, 2): return parents[0] * parents[1]
    case (.pow, 2): return parents[0].pow(parents[1])
    case (.powConstant, 1): return parents[0].pow(exponent ?? 1)
    case (.exp, 1): return parents[0].exp()
    case (.log, 1): return parents[0].log()
    case (.tanh, 1): return parents[0].tanh()
    case (.sigmoid, 1): return parents[0].sigmoid()
    case (.relu, 1): return parents[0].relu()
    default: return Value(data)  // a node whose parents could not be found: held fixed
    }
  }
}

/// A graph's nodes in creation order, ready to be recomputed from its leaves.
struct GraphReplay {
  /// Every node, parents before children.
  let nodes: [Value]
  /// For each node, the positions of its parents in `nodes`.
  let parents: [[Int]]
  /// The leaves, in creation order.
  var leaves: [Value] { nodes.filter { $0.op == .leaf } }

  init(root: Value) {
    var order: [Value] = []
    root.forEachReached { order.append($0) }
    order.reverse()
    var position: [Value: Int] = [:]
    for (k, v) in order.enumerated() { position[v] = k }
    nodes = order
    parents = order.map { v in v.children.compactMap { position[$0] } }
  }

  /// The root's value recomputed from the leaves' current data.
  func forward() -> Double {
    var replayed: [Value] = []
    replayed.reserveCapacity(nodes.count)
    for (v, p) in zip(nodes, parents) {
      if v.op == .leaf {
        replayed.append(Value(v.data))
      } else {
        replayed.append(
          Value.replaying(v.op, data: v.data, exponent: v.exponent, parents: p.map { replayed[$0] })
        )
      }
    }
    return replayed.last?.data ?? .nan
  }
}
