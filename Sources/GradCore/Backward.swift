// Backpropagation: the chain rule applied in reverse creation order.
//
// For every node n reached from the root, with upstream gradient g = ∂root/∂n:
//   n.grad        += g
//   ∂root/∂parent += (∂n/∂parent) · g        for each parent of n
// Reverse creation order visits a node only after everything made from it.

extension Value {
  /// Backpropagates from this node: every node it depends on gets
  /// ∂self/∂node added to its `grad` (a second call accumulates again).
  public func backward() {
    var sweep = BackwardSweep(root: self)
    while sweep.next() != nil {}
  }
}

/// One node's turn in the backward pass.
public struct BackwardStep {
  /// The node being visited.
  public let node: Value
  /// ∂root/∂node: the gradient arriving from above.
  public let upstream: Double
  /// For each parent of `node`: the parent, ∂node/∂parent, and what this
  /// step adds to the parent's gradient (local × upstream).
  public let contributions: [(parent: Value, local: Double, added: Double)]
}

/// The backward pass as a sequence of steps, one node at a time.
///
/// `Value.backward()` runs it to the end; the REPL's `:step` shows each step.
public struct BackwardSweep: IteratorProtocol {
  /// Blocks the root depends on, newest first, each with its scratch space.
  private var blocks: [TapeBlock]
  private var upstream: [[Double]]
  private var reached: [[Bool]]
  private var slot: [ObjectIdentifier: Int]
  private var blockPosition = 0
  private var nodeIndex: Int

  /// Prepares a backward pass from `root` (whose upstream gradient is 1).
  public init(root: Value) {
    // The blocks the root can reach, found through `referenced`.
    var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root.block)]
    var found = [root.block]
    var stack = [root.block]
    while let b = stack.popLast() {
      for r in b.referenced where seen.insert(ObjectIdentifier(r)).inserted {
        found.append(r)
        stack.append(r)
      }
    }
    blocks = found.sorted { $0.serial > $1.serial }
    slot = [:]
    upstream = []
    reached = []
    for (k, b) in blocks.enumerated() {
      slot[ObjectIdentifier(b)] = k
      let n = b === root.block ? Int(root.index) + 1 : b.count
      upstream.append([Double](repeating: 0, count: n))
      reached.append([Bool](repeating: false, count: n))
    }
    let r = slot[ObjectIdentifier(root.block)] ?? 0
    upstream[r][Int(root.index)] = 1
    reached[r][Int(root.index)] = true
    blockPosition = r
    nodeIndex = Int(root.index)
  }

  /// Visits the next reached node: adds its upstream gradient to its `grad`
  /// and passes gradient on to its parents. Returns nil when done.
  public mutating func next() -> BackwardStep? {
    while blockPosition < blocks.count {
      let b = blocks[blockPosition]
      while nodeIndex >= 0 {
        let i = nodeIndex
        nodeIndex -= 1
        guard reached[blockPosition][i] else { continue }
        let g = upstream[blockPosition][i]
        b.grad[i] += g
        var contributions: [(parent: Value, local: Double, added: Double)] = []
        for (parent, local) in [(b.lhs[i], b.lhsLocal[i]), (b.rhs[i], b.rhsLocal[i])] {
          guard let pb = parent.block?.takeUnretainedValue(),
            let k = slot[ObjectIdentifier(pb)]
          else { continue }
          let added = local * g
          upstream[k][Int(parent.index)] += added
          reached[k][Int(parent.index)] = true
          contributions.append((Value(block: pb, index: parent.index), local, added))
        }
        return BackwardStep(
          node: Value(block: b, index: Int32(i)), upstream: g, contributions: contributions)
      }
      blockPosition += 1
      if blockPosition < blocks.count { nodeIndex = upstream[blockPosition].count - 1 }
    }
    return nil
  }
}
