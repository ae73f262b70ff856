// Backpropagation: the chain rule applied in reverse creation order.
//
// For every node n reached from the root, with upstream gradient g = ∂root/∂n:
//
//   n.grad        += g
//   ∂root/∂parent += (∂n/∂parent) · g        for each parent of n
//
// Reverse creation order (descending block serial, then descending index)
// visits a node only after everything made from it, so when n's turn comes
// its upstream gradient is complete.
//
// The fast pass keeps its scratch in the nodes themselves: `upstream` holds
// ∂root/∂n and `stamp` says which pass wrote it, so nothing needs clearing
// between passes and the inner loop touches only the node and its parents.

extension Value {
  /// Backpropagates from this node: every node it depends on gets
  /// ∂self/∂node added to its `grad` (a second call adds the same again).
  public func backward() {
    propagate(addToGrad: true)
    Tape.local.graphFinished()
  }

  /// Runs one backward pass from this node; after it, every node `n` reached
  /// has `stamp == pass` and `upstream == ∂self/∂n`. Returns the pass.
  @discardableResult
  func propagate(addToGrad: Bool) -> UInt64 {
    let pass = nextPassNumber()
    let blocks = reachableBlocks()
    node.pointee.stamp = pass
    node.pointee.upstream = 1
    for b in blocks {
      let last = b === block ? Int(index) : b.count - 1
      if addToGrad {
        sweepBlock(b.nodes, last: last, pass: pass, addToGrad: true)
      } else {
        sweepBlock(b.nodes, last: last, pass: pass, addToGrad: false)
      }
    }
    return pass
  }

  /// The blocks this node's graph can touch, newest first.
  func reachableBlocks() -> [TapeBlock] {
    let mark = nextPassNumber()
    var found = [block]
    var stack = [block]
    block.visitMark = mark
    while let b = stack.popLast() {
      for r in b.referenced where r.visitMark != mark {
        r.visitMark = mark
        found.append(r)
        stack.append(r)
      }
    }
    found.sort { $0.serial > $1.serial }
    return found
  }

  /// Every node reached from this one, in reverse creation order (the root
  /// first, each node before its parents). `visit` sees each node once.
  func forEachReached(_ visit: (Value) -> Void) {
    let pass = nextPassNumber()
    node.pointee.stamp = pass
    for b in reachableBlocks() {
      var i = b === block ? Int(index) : b.count - 1
      while i >= 0 {
        let n = b.nodes + i
        i -= 1
        guard n.pointee.stamp == pass else { continue }
        if let p = n.pointee.lhs { p.pointee.stamp = pass }
        if let p = n.pointee.rhs { p.pointee.stamp = pass }
        visit(Value(block: b, node: n))
      }
    }
  }

  /// Sets `grad` to 0 on this node and every node it depends on.
  public func zeroGrad() {
    forEachReached { $0.grad = 0 }
  }
}

/// The inner loop of backward over one block, from index `last` down to 0.
@inline(__always)
private func sweepBlock(
  _ nodes: UnsafeMutablePointer<Node>, last: Int, pass: UInt64, addToGrad: Bool
) {
  var i = last
  while i >= 0 {
    let n = nodes + i
    if n.pointee.stamp == pass {
      let g = n.pointee.upstream
      if addToGrad { n.pointee.grad += g }
      if let p = n.pointee.lhs { accumulate(into: p, n.pointee.lhsLocal * g, pass: pass) }
      if let p = n.pointee.rhs { accumulate(into: p, n.pointee.rhsLocal * g, pass: pass) }
    }
    i -= 1
  }
}

/// Adds a contribution to a parent's upstream gradient; the first
/// contribution of a pass replaces whatever an earlier pass left there.
@inline(__always)
private func accumulate(into p: UnsafeMutablePointer<Node>, _ contribution: Double, pass: UInt64) {
  let previous = p.pointee.stamp == pass ? p.pointee.upstream : 0
  p.pointee.upstream = previous + contribution
  p.pointee.stamp = pass
}

extension Sequence where Element == Value {
  /// Sets `grad` to 0 on each value (a model's parameters before a step).
  public func zeroGrad() {
    for v in self { v.grad = 0 }
  }
}

// MARK: - Stepping through the chain rule

/// One node's turn in the backward pass.
public struct BackwardStep: CustomStringConvertible {
  /// One parent's share of this step, and the parent's `grad` field around it.
  public typealias Contribution = (
    parent: Value, local: Double, added: Double, gradBefore: Double, gradAfter: Double
  )

  /// The node being visited.
  public let node: Value
  /// ∂root/∂node: the gradient arriving from above in this pass.
  public let upstream: Double
  /// For each parent of `node`: the parent, ∂node/∂parent, what this step
  /// added to the parent's `grad` (local × upstream), and that `grad` just
  /// before and just after the addition.
  public let contributions: [Contribution]
  /// For the root's step: its `grad` before and after the pass seeded it
  /// with ∂root/∂root = 1; nil for every other step.
  public let seed: (gradBefore: Double, gradAfter: Double)?

  /// One line per step, e.g. `e (*): upstream -2.0; a += -3.0 × -2.0 = 6.0`.
  ///
  /// Unlabelled nodes are named by their op, `(*)`, or, for leaves, by
  /// their value.
  public var description: String {
    var text = node.label.map { $0 + " " } ?? ""
    text += node.op == .leaf ? "leaf" : "(\(node.opText))"
    text += ": upstream \(formatScalar(upstream))"
    for c in contributions {
      text += "; \(BackwardStep.name(of: c.parent)) += \(formatScalar(c.local))"
      text += " × \(formatScalar(upstream)) = \(formatScalar(c.added))"
    }
    return text
  }

  private static func name(of v: Value) -> String {
    if let label = v.label { return label }
    return v.op == .leaf ? formatScalar(v.data) : "(\(v.opText))"
  }
}

/// The backward pass as a sequence of steps, one node at a time, writing
/// `grad` fields as micrograd's per-node `_backward` does.
///
/// The first step adds 1 (∂root/∂root) to the root's `grad`; each step then
/// adds local × upstream to each parent's `grad` at once, so after any step
/// every `grad` holds exactly what the steps so far added, and a node's own
/// share is complete by its turn (topological order). Visiting every step
/// leaves exactly the gradients `Value.backward()` would (from zeroed grads;
/// on grads already set, the same sums added in a different grouping). The
/// sweep keeps ∂root/∂node in its own scratch, so other backward passes run
/// in between do not disturb it (each still adds to `grad`).
public struct BackwardSweep: IteratorProtocol, Sequence {
  /// Blocks the root depends on, newest first.
  private let blocks: [TapeBlock]
  /// Per block (same order): ∂root/∂node, and whether the node was reached.
  private var upstream: [[Double]]
  private var reached: [[Bool]]
  /// Block positions sorted by buffer address, to find a parent's block.
  private let byAddress: [(start: UnsafeMutablePointer<Node>, position: Int)]
  private var blockPosition = 0
  private var nodeIndex: Int
  /// Whether the root's grad has had its 1 added.
  private var seeded = false

  /// Prepares a backward pass from `root` (whose upstream gradient is 1).
  public init(root: Value) {
    blocks = root.reachableBlocks()
    upstream = []
    reached = []
    for b in blocks {
      let n = b === root.block ? Int(root.index) + 1 : b.count
      upstream.append([Double](repeating: 0, count: n))
      reached.append([Bool](repeating: false, count: n))
    }
    byAddress = blocks.enumerated().map { ($1.nodes, $0) }.sorted { $0.start < $1.start }
    let r = blocks.firstIndex { $0 === root.block } ?? 0
    upstream[r][Int(root.index)] = 1
    reached[r][Int(root.index)] = true
    blockPosition = r
    nodeIndex = Int(root.index)
  }

  /// The position in `blocks` of the block holding `pointer`.
  private func position(of pointer: UnsafeMutablePointer<Node>) -> Int? {
    // Last block starting at or before the pointer.
    var low = 0
    var high = byAddress.count
    while low < high {
      let mid = (low + high) / 2
      if byAddress[mid].start <= pointer { low = mid + 1 } else { high = mid }
    }
    guard low > 0 else { return nil }
    let k = byAddress[low - 1].position
    let offset = pointer - blocks[k].nodes
    return offset < upstream[k].count ? k : nil
  }

  /// Visits the next reached node: passes its upstream gradient on to its
  /// parents, adding each share to the parent's `grad` (the root's step first
  /// adds 1 to the root's own `grad`). Returns nil when done.
  public mutating func next() -> BackwardStep? {
    while blockPosition < blocks.count {
      let b = blocks[blockPosition]
      while nodeIndex >= 0 {
        let i = nodeIndex
        nodeIndex -= 1
        guard reached[blockPosition][i] else { continue }
        let n = b.nodes + i
        let g = upstream[blockPosition][i]
        var seed: (gradBefore: Double, gradAfter: Double)?
        if !seeded {
          // The root: ∂root/∂root = 1. Every other node's grad was written by
          // the steps of the nodes made from it.
          seeded = true
          let before = n.pointee.grad
          n.pointee.grad += g
          seed = (before, n.pointee.grad)
        }
        var contributions: [BackwardStep.Contribution] = []
        let parents = [(n.pointee.lhs, n.pointee.lhsLocal), (n.pointee.rhs, n.pointee.rhsLocal)]
        for case (let p?, let local) in parents {
          guard let k = position(of: p) else { continue }
          let j = p - blocks[k].nodes
          let added = local * g
          upstream[k][j] += added
          reached[k][j] = true
          let before = p.pointee.grad
          p.pointee.grad += added
          contributions.append(
            (Value(block: blocks[k], node: p), local, added, before, p.pointee.grad))
        }
        return BackwardStep(
          node: Value(block: b, node: n), upstream: g, contributions: contributions, seed: seed)
      }
      blockPosition += 1
      if blockPosition < blocks.count { nodeIndex = upstream[blockPosition].count - 1 }
    }
    return nil
  }
}
