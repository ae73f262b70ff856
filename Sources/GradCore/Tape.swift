// The tape: where scalar Values live.
//
// A Value is a handle (block, node) into a TapeBlock. A block is an array of
// 64-byte node records (one cache line each): the forward value, the
// gradient, the one or two parents and the local derivative towards each
// parent, all written when the node is made. Creating a node is an append;
// backward is a reverse sweep.
//
// Ordering. Every parent of a node lives either earlier in the same block or
// in a block with a smaller `serial`. Serials come from one process-wide
// counter, so on one thread this holds by construction (parents exist before
// their children). Across threads it is enforced: when an operand sits in a
// block newer than the calling thread's current block (another thread opened
// it later), the current block is retired and a newer one opened. So
// "descending serial, then descending index" is a topological order of any
// graph, and backward needs no graph search, only "was this node reached?".
//
// Lifetime. A block lives while a Value points into it or a later block
// refers to it (`referenced`, strong). References only point to older blocks,
// so there are no cycles. Freed blocks hand their node buffer back to the
// freeing thread's tape, so a training loop reuses the same memory every step
// instead of faulting in fresh pages.
//
// Threads. Each thread appends to its own tape, so building graphs on several
// threads at once is safe. A single graph may span threads (a Value made on
// one thread used on another), but it must not be *mutated or swept* by two
// threads at the same time: backward(), zeroGrad() and `data`/`grad` writes
// on one graph need one thread at a time (the usual rule for a non-Sendable
// value).

import Foundation
import Synchronization

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

  /// How many parents a node made by this op has.
  public var arity: Int {
    switch self {
    case .leaf: 0
    case .powConstant, .exp, .log, .tanh, .sigmoid, .relu: 1
    case .add, .mul, .pow: 2
    }
  }
}

/// One node of a graph: 64 bytes, one cache line.
@usableFromInline
struct Node {
  /// The forward value.
  @usableFromInline var data: Double
  /// The accumulated gradient shown to the user.
  @usableFromInline var grad: Double
  /// ∂root/∂node during the backward pass numbered `stamp` (scratch).
  @usableFromInline var upstream: Double
  /// ∂node/∂lhs, taken at creation.
  @usableFromInline var lhsLocal: Double
  /// ∂node/∂rhs, taken at creation (for `powConstant`: the exponent).
  @usableFromInline var rhsLocal: Double
  @usableFromInline var lhs: UnsafeMutablePointer<Node>?
  @usableFromInline var rhs: UnsafeMutablePointer<Node>?
  /// The pass that last reached this node (0: never).
  @usableFromInline var stamp: UInt32
  @usableFromInline var op: Op

  @inlinable @inline(__always)
  init(
    data: Double, op: Op, lhs: UnsafeMutablePointer<Node>?, lhsLocal: Double,
    rhs: UnsafeMutablePointer<Node>?, rhsLocal: Double
  ) {
    self.data = data
    self.grad = 0
    self.upstream = 0
    self.lhsLocal = lhsLocal
    self.rhsLocal = rhsLocal
    self.lhs = lhs
    self.rhs = rhs
    self.stamp = 0
    self.op = op
  }
}

/// Block serials: one counter for the whole process, so blocks of different
/// threads are ordered too.
private let blockSerials = Atomic<Int>(0)

/// Backward-pass numbers, stamped on the nodes a pass reaches.
private let passNumbers = Atomic<UInt32>(0)

/// A fresh pass number (never 0, which marks "never reached").
@usableFromInline
func nextPassNumber() -> UInt32 {
  while true {
    let n = passNumbers.wrappingAdd(1, ordering: .relaxed).newValue
    if n != 0 { return n }
  }
}

/// A fixed-capacity block of nodes. The buffer never moves, so a node's
/// address stays valid while later nodes are appended.
@usableFromInline
final class TapeBlock {
  @usableFromInline let capacity: Int
  @exclusivity(unchecked) @usableFromInline var count = 0
  /// Position in the process-wide order of blocks.
  @usableFromInline let serial: Int
  @usableFromInline let nodes: UnsafeMutablePointer<Node>
  /// Earlier blocks that nodes here point into (kept alive by this block).
  @usableFromInline var referenced: [TapeBlock] = []
  /// The block most recently added to or found in `referenced`: most nodes
  /// point into the same one or two blocks, so this spares the scan.
  @exclusivity(unchecked) @usableFromInline var lastReferenced: ObjectIdentifier?
  /// Labels are rare: kept aside.
  @usableFromInline var labels: [Int32: String] = [:]
  /// Scratch for graph walks: the walk that last visited this block.
  @exclusivity(unchecked) @usableFromInline var visitMark: UInt32 = 0

  init(capacity: Int, nodes: UnsafeMutablePointer<Node>) {
    self.capacity = capacity
    self.nodes = nodes
    self.serial = blockSerials.wrappingAdd(1, ordering: .relaxed).newValue
  }

  deinit {
    // Dropping `referenced` releases older blocks, which release theirs: a
    // long chain of blocks would recurse once per block. Unlink the chain
    // here instead, one block at a time: a block we hold the last reference
    // to gives up its own list to this loop before it is freed.
    var pending = referenced
    referenced = []
    while var block = pending.popLast() {
      if isKnownUniquelyReferenced(&block) {
        pending.append(contentsOf: block.referenced)
        block.referenced = []
      }
    }
    if let tape = Tape.existing, tape.recycle(nodes, capacity: capacity) { return }
    UnsafeMutableRawPointer(nodes).deallocate()
  }

  /// Whether `pointer` is one of this block's nodes.
  @inlinable func contains(_ pointer: UnsafeMutablePointer<Node>) -> Bool {
    pointer >= nodes && pointer < nodes + count
  }

  /// Keeps `other` alive as long as this block.
  @usableFromInline func refer(to other: TapeBlock) {
    let id = ObjectIdentifier(other)
    if other === self || id == lastReferenced { return }
    lastReferenced = id
    for b in referenced.reversed() where b === other { return }
    referenced.append(other)
  }

  /// The block, among this one and those it refers to, holding `pointer`.
  func owner(of pointer: UnsafeMutablePointer<Node>) -> TapeBlock? {
    if contains(pointer) { return self }
    return referenced.first { $0.contains(pointer) }
  }

  /// Allocates a cache-line-aligned node buffer.
  static func allocateNodes(capacity: Int) -> UnsafeMutablePointer<Node> {
    UnsafeMutableRawPointer.allocate(
      byteCount: capacity * MemoryLayout<Node>.stride, alignment: 64
    ).bindMemory(to: Node.self, capacity: capacity)
  }
}

/// This thread's tape: the block new nodes go into, and spare buffers.
///
/// The hot path (`append`) runs without reference counting: the tape is
/// reached through an unretained pointer, and it holds its current block as
/// an explicitly retained `Unmanaged` reference.
@usableFromInline
final class Tape {
  /// The block new nodes go into (retained by the tape).
  @exclusivity(unchecked) @usableFromInline var current: Unmanaged<TapeBlock>
  /// Nodes per block (tests lower it to exercise long chains of blocks).
  var blockCapacity: Int
  /// Node buffers of freed blocks, ready for reuse.
  private var spare: [UnsafeMutablePointer<Node>] = []
  /// At most this many spare buffers are kept (16 MiB with 1 MiB blocks).
  private let spareLimit = 16
  /// Nodes in blocks this tape has retired (for `TapeStatistics`).
  var nodesInRetiredBlocks = 0

  static let defaultBlockCapacity = 16_384

  init() {
    blockCapacity = Tape.defaultBlockCapacity
    current = .passRetained(
      TapeBlock(capacity: blockCapacity, nodes: TapeBlock.allocateNodes(capacity: blockCapacity)))
  }

  deinit {
    current.release()
    for buffer in spare { UnsafeMutableRawPointer(buffer).deallocate() }
  }

  /// Runs `body` with the calling thread's tape (made on first use).
  @inlinable @inline(__always)
  static func withLocal<R>(_ body: (Tape) -> R) -> R {
    let tape: Unmanaged<Tape>
    if let p = pthread_getspecific(tapeKey) {
      tape = Unmanaged<Tape>.fromOpaque(p)
    } else {
      tape = makeLocal()
    }
    return tape._withUnsafeGuaranteedRef(body)
  }

  /// The calling thread's tape, made on first use.
  static var local: Tape { withLocal { $0 } }

  /// The calling thread's tape if it has one (never makes one: safe while a
  /// thread is exiting).
  static var existing: Tape? {
    guard let p = pthread_getspecific(tapeKey) else { return nil }
    return Unmanaged<Tape>.fromOpaque(p).takeUnretainedValue()
  }

  @usableFromInline static func makeLocal() -> Unmanaged<Tape> {
    let tape = Unmanaged.passRetained(Tape())
    pthread_setspecific(tapeKey, tape.toOpaque())
    return tape
  }

  /// Takes back a freed block's buffer; false when it is not wanted.
  func recycle(_ nodes: UnsafeMutablePointer<Node>, capacity: Int) -> Bool {
    guard capacity == blockCapacity, spare.count < spareLimit else { return false }
    spare.append(nodes)
    return true
  }

  /// Retires the current block and opens a fresh one.
  func openBlock() {
    let retired = current
    let nodes = spare.popLast() ?? TapeBlock.allocateNodes(capacity: blockCapacity)
    current = .passRetained(TapeBlock(capacity: blockCapacity, nodes: nodes))
    nodesInRetiredBlocks += retired._withUnsafeGuaranteedRef { $0.count }
    retired.release()
  }

  /// Retires the current block unless it is still empty.
  func startNewBlock() {
    if current._withUnsafeGuaranteedRef({ $0.count }) > 0 { openBlock() }
  }

  /// Appends a node whose parents live in `lhsBlock` and `rhsBlock`.
  ///
  /// The returned block is unretained: it stays alive while the tape holds
  /// it as current, or while a later block refers to it; the caller retains
  /// it (by making a Value) before either can change.
  @inlinable @inline(__always)
  func append(_ node: Node, lhsBlock: Unmanaged<TapeBlock>?, rhsBlock: Unmanaged<TapeBlock>?) -> (
    block: Unmanaged<TapeBlock>, node: UnsafeMutablePointer<Node>
  ) {
    var block = current
    let fast = block._withUnsafeGuaranteedRef { b in
      b.count < b.capacity && Tape.knows(b, lhsBlock) && Tape.knows(b, rhsBlock)
    }
    if !fast { block = blockAccepting(lhsBlock, rhsBlock) }
    let p = block._withUnsafeGuaranteedRef { b in
      let i = b.count
      b.count = i &+ 1
      return b.nodes + i
    }
    p.initialize(to: node)
    return (block, p)
  }

  /// Whether `block` may hold a child of a node in `parent` without
  /// further bookkeeping: same block, or the one it last referred to.
  @inlinable @inline(__always)
  static func knows(_ block: TapeBlock, _ parent: Unmanaged<TapeBlock>?) -> Bool {
    guard let parent else { return true }
    let id = parent.toOpaque()
    return id == Unmanaged.passUnretained(block).toOpaque()
      || block.lastReferenced.map { ObjectIdentifier(parent.takeUnretainedValue()) == $0 } ?? false
  }

  /// The block a node with these parents goes into: opens a new block when
  /// the current one is full or a parent lives in a newer block (made by
  /// another thread), and records the references.
  @usableFromInline
  func blockAccepting(_ lhsBlock: Unmanaged<TapeBlock>?, _ rhsBlock: Unmanaged<TapeBlock>?)
    -> Unmanaged<TapeBlock>
  {
    // The caller keeps the parents' blocks alive; keep the current block
    // alive until the new one refers to it.
    let lhs = lhsBlock?.takeUnretainedValue()
    let rhs = rhsBlock?.takeUnretainedValue()
    let retiring = current.takeUnretainedValue()
    withExtendedLifetime(retiring) {
      let newerParent = [lhs, rhs].contains { $0.map { $0.serial > retiring.serial } ?? false }
      if retiring.count >= retiring.capacity || newerParent { openBlock() }
      let block = current.takeUnretainedValue()
      if let lhs { block.refer(to: lhs) }
      if let rhs { block.refer(to: rhs) }
    }
    return current
  }
}

@usableFromInline let tapeKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { pointer in
    if let pointer { Unmanaged<Tape>.fromOpaque(pointer).release() }
  }
  return key
}()

/// Counters describing the calling thread's tape.
public enum TapeStatistics {
  /// How many nodes the calling thread has created so far.
  public static var nodesCreated: Int {
    let tape = Tape.local
    return tape.nodesInRetiredBlocks + tape.current.takeUnretainedValue().count
  }

  /// Bytes one node occupies on the tape.
  public static var bytesPerNode: Int { MemoryLayout<Node>.stride }

  /// Starts a fresh block for the nodes that follow.
  ///
  /// Long-lived values (model parameters) made just before this call then
  /// do not share a block with short-lived graphs, so those graphs' memory
  /// can be freed and reused, and backward passes do not scan them.
  public static func startNewBlock() {
    Tape.local.startNewBlock()
  }
}
