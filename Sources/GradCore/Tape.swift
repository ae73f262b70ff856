// The tape: where scalar Values live.
//
// A Value is a handle (block, index) into a TapeBlock. A block stores its
// nodes structure-of-arrays: the forward value, the gradient, the one or two
// parents and the local derivative towards each parent, all written when the
// node is made. Creating a node is an append; backward is a reverse sweep.
//
// Nodes are appended in creation order, and a node's parents always exist
// before it, so reverse creation order is a topological order: backward needs
// no graph search, only "was this node reached from the root?".
//
// Lifetime: a block lives while a Value points into it or a later block
// refers to it (`referenced`). A training step's graph fills fresh blocks,
// which are freed when the step's Values go out of scope.

import Foundation

/// What made a node.
public enum Op: UInt8, Sendable, CaseIterable {
  case leaf, add, mul, powConstant, pow, exp, log, tanh, sigmoid, relu

  /// The symbol drawn in graphs.
  public var symbol: String {
    switch self {
    case .leaf: ""
    case .add: "+"
    case .mul: "*"
    case .powConstant, .pow: "**"
    case .exp: "exp"
    case .log: "log"
    case .tanh: "tanh"
    case .sigmoid: "sigmoid"
    case .relu: "relu"
    }
  }
}

/// A reference to one node: its block (kept alive by the referring block's
/// `referenced` list, so unretained here) and its index.
@usableFromInline
struct NodeRef {
  @usableFromInline var block: Unmanaged<TapeBlock>?
  @usableFromInline var index: Int32

  @inlinable static var none: NodeRef { NodeRef(block: nil, index: -1) }

  @inlinable init(block: Unmanaged<TapeBlock>?, index: Int32) {
    self.block = block
    self.index = index
  }
}

/// A fixed-capacity block of nodes. Buffers never move, so a node's storage
/// stays put while later nodes are appended.
@usableFromInline
final class TapeBlock {
  @usableFromInline let capacity: Int
  @usableFromInline var count = 0
  /// Creation order of blocks on this thread's tape.
  @usableFromInline let serial: Int
  @usableFromInline let data: UnsafeMutablePointer<Double>
  @usableFromInline let grad: UnsafeMutablePointer<Double>
  /// ∂node/∂lhs and ∂node/∂rhs, taken at creation (for `powConstant`,
  /// `rhsLocal` holds the exponent).
  @usableFromInline let lhsLocal: UnsafeMutablePointer<Double>
  @usableFromInline let rhsLocal: UnsafeMutablePointer<Double>
  @usableFromInline let lhs: UnsafeMutablePointer<NodeRef>
  @usableFromInline let rhs: UnsafeMutablePointer<NodeRef>
  @usableFromInline let op: UnsafeMutablePointer<Op>
  /// Earlier blocks that nodes here point into.
  @usableFromInline var referenced: [TapeBlock] = []
  /// Labels are rare: kept aside.
  @usableFromInline var labels: [Int32: String] = [:]

  @usableFromInline init(capacity: Int, serial: Int) {
    self.capacity = capacity
    self.serial = serial
    data = .allocate(capacity: capacity)
    grad = .allocate(capacity: capacity)
    lhsLocal = .allocate(capacity: capacity)
    rhsLocal = .allocate(capacity: capacity)
    lhs = .allocate(capacity: capacity)
    rhs = .allocate(capacity: capacity)
    op = .allocate(capacity: capacity)
  }

  deinit {
    data.deallocate()
    grad.deallocate()
    lhsLocal.deallocate()
    rhsLocal.deallocate()
    lhs.deallocate()
    rhs.deallocate()
    op.deallocate()
  }

  /// Keeps `other` alive as long as this block.
  @inlinable func refer(to other: TapeBlock) {
    if other === self { return }
    // A block's nodes mostly point into a handful of blocks: a short scan.
    for b in referenced.reversed() where b === other { return }
    referenced.append(other)
  }
}

/// This thread's tape: the block new nodes go into.
@usableFromInline
final class Tape {
  @usableFromInline var current: TapeBlock
  @usableFromInline var nextSerial = 1
  @usableFromInline static let blockCapacity = 16_384

  init() { current = TapeBlock(capacity: Tape.blockCapacity, serial: 0) }

  /// The calling thread's tape.
  @usableFromInline static var local: Tape {
    if let p = pthread_getspecific(tapeKey) {
      return Unmanaged<Tape>.fromOpaque(p).takeUnretainedValue()
    }
    let tape = Tape()
    pthread_setspecific(tapeKey, Unmanaged.passRetained(tape).toOpaque())
    return tape
  }

  /// A block with room for one more node.
  @inlinable func blockWithRoom() -> TapeBlock {
    if current.count < current.capacity { return current }
    current = TapeBlock(capacity: Tape.blockCapacity, serial: nextSerial)
    nextSerial += 1
    return current
  }
}

private let tapeKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { pointer in
    if let pointer { Unmanaged<Tape>.fromOpaque(pointer).release() }
  }
  return key
}()
