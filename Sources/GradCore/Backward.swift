// Backpropagation: the chain rule applied in reverse creation order, the way
// micrograd applies it.
//
// micrograd's backward() sets root.grad = 1 and then calls every node's
// `_backward`, latest first; each adds into its parents:
//
//   parent.grad += (∂n/∂parent) · n.grad        for each parent of n
//
// `n.grad` there is whatever n holds when its turn comes: what earlier calls
// left in it plus what this call has added so far. On a fresh graph that is
// ∂root/∂n. On a second call without zeroing it is not: every intermediate
// node still holds the gradient of the first call, so it passes on its old
// gradient as well as the new one, and the leaves get more than twice the
// first call's gradient. backward() here gives exactly micrograd's numbers in
// every order of calls (see docs/engine.md).
//
// Reverse creation order (descending block serial, then descending index)
// visits a node only after everything made from it, so when n's turn comes
// every contribution of this call has arrived. Nodes the root does not depend
// on are skipped: a pass marks each node it reaches with its `stamp`, so
// nothing needs clearing between passes.
//
// gradCheck needs ∂root/∂n without touching any grad: that pass keeps its
// sums in the nodes' `upstream` scratch instead (`propagateUpstream`).

extension Value {
  /// Backpropagates from this node as micrograd does: sets this node's `grad` to 1, then
  /// visits every node it depends on, latest first, adding ∂node/∂parent · node.grad to
  /// each parent's `grad`.
  ///
  /// On a fresh graph every node ends with ∂self/∂node. Gradients are never cleared: a
  /// second call adds again, and since the intermediate nodes still hold the first call's
  /// gradients, they pass those on too (see docs/engine.md).
  public func backward() {
    let pass = nextPassNumber()
    let blocks = reachableBlocks()
    node.pointee.stamp = pass
    node.pointee.grad = 1  // micrograd: self.grad = 1 (set, not added)
    for b in blocks {
      sweepBlock(b.nodes, last: b === block ? Int(index) : b.count - 1, pass: pass)
    }
    Tape.local.graphFinished()
  }

  /// Runs one backward pass from this node that leaves every `grad` alone; after it, every
  /// node `n` reached has `stamp == pass` and `upstream == ∂self/∂n`. Returns the pass.
  @discardableResult
  func propagateUpstream() -> UInt64 {
    let pass = nextPassNumber()
    let blocks = reachableBlocks()
    node.pointee.stamp = pass
    node.pointee.upstream = 1
    for b in blocks {
      sweepBlockUpstream(b.nodes, last: b === block ? Int(index) : b.count - 1, pass: pass)
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

/// backward()'s inner loop over one block, from index `last` down to 0: each node reached
/// in this pass adds local derivative × its own grad into its parents' grads (micrograd's
/// `_backward`) and marks them reached.
@inline(__always)
private func sweepBlock(_ nodes: UnsafeMutablePointer<Node>, last: Int, pass: UInt64) {
  var i = last
  while i >= 0 {
    let n = nodes + i
    if n.pointee.stamp == pass {
      let g = n.pointee.grad
      if let p = n.pointee.lhs {
        p.pointee.grad += n.pointee.lhsLocal * g
        p.pointee.stamp = pass
      }
      if let p = n.pointee.rhs {
        p.pointee.grad += n.pointee.rhsLocal * g
        p.pointee.stamp = pass
      }
    }
    i -= 1
  }
}

/// The gradient-only pass over one block: `upstream` collects ∂root/∂node.
@inline(__always)
private func sweepBlockUpstream(_ nodes: UnsafeMutablePointer<Node>, last: Int, pass: UInt64) {
  var i = last
  while i >= 0 {
    let n = nodes + i
    if n.pointee.stamp == pass {
      let g = n.pointee.upstream
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
  /// The node's `grad` when its turn came, which it passes on: ∂root/∂node on a fresh graph
  /// (on a graph already backpropagated, that plus what the node held before).
  public let upstream: Double
  /// For each parent of `node`: the parent, ∂node/∂parent, what this step
  /// added to the parent's `grad` (local × upstream), and that `grad` just
  /// before and just after the addition.
  public let contributions: [Contribution]
  /// For the root's step: its `grad` before and after the pass set it
  /// to ∂root/∂root = 1, as micrograd does; nil for every other step.
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
/// Each step is micrograd's `_backward` of one node: the root's first sets its `grad` to 1
/// (micrograd's `self.grad = 1`), and every step adds local × the node's `grad` to each
/// parent's `grad` at once, so after any step every `grad` holds what the steps so far
/// wrote. Visiting every step leaves exactly the gradients `Value.backward()` would. The
/// sweep keeps only which nodes it has reached; the gradients live in `grad`, so a backward
/// pass run in between changes what later steps pass on, as calling `_backward()` by hand
/// would.
public struct BackwardSweep: IteratorProtocol, Sequence {
  /// Blocks the root depends on, newest first.
  private let blocks: [TapeBlock]
  /// Per block (same order): whether the node was reached.
  private var reached: [[Bool]]
  /// Block positions sorted by buffer address, to find a parent's block.
  private let byAddress: [(start: UnsafeMutablePointer<Node>, position: Int)]
  private let root: Value
  private var blockPosition = 0
  private var nodeIndex: Int

  /// Prepares a backward pass from `root` (whose gradient its first step sets to 1).
  public init(root: Value) {
    self.root = root
    blocks = root.reachableBlocks()
    reached = []
    for b in blocks {
      let n = b === root.block ? Int(root.index) + 1 : b.count
      reached.append([Bool](repeating: false, count: n))
    }
    byAddress = blocks.enumerated().map { ($1.nodes, $0) }.sorted { $0.start < $1.start }
    let r = blocks.firstIndex { $0 === root.block } ?? 0
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
    return offset < reached[k].count ? k : nil
  }

  /// Visits the next reached node: passes its gradient on to its parents, each scaled by
  /// the local derivative and added to the parent's `grad` (the root's step first sets the
  /// root's own `grad` to 1). Returns nil when done.
  public mutating func next() -> BackwardStep? {
    while blockPosition < blocks.count {
      let b = blocks[blockPosition]
      while nodeIndex >= 0 {
        let i = nodeIndex
        nodeIndex -= 1
        guard reached[blockPosition][i] else { continue }
        let n = b.nodes + i
        var seed: (gradBefore: Double, gradAfter: Double)?
        if n == root.node {
          // micrograd: self.grad = 1. Every other node's grad was written by the steps of
          // the nodes made from it.
          let before = n.pointee.grad
          n.pointee.grad = 1
          seed = (before, n.pointee.grad)
        }
        let g = n.pointee.grad
        var contributions: [BackwardStep.Contribution] = []
        let parents = [(n.pointee.lhs, n.pointee.lhsLocal), (n.pointee.rhs, n.pointee.rhsLocal)]
        for case (let p?, let local) in parents {
          guard let k = position(of: p) else { continue }
          let j = p - blocks[k].nodes
          let added = local * g
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
      if blockPosition < blocks.count { nodeIndex = reached[blockPosition].count - 1 }
    }
    return nil
  }
}
