// micrograd's Value: a scalar that remembers how it was computed.
//
// Each primitive below computes its forward value and its local derivative
// side by side; backward() multiplies local derivatives along the graph
// (the chain rule) and accumulates (+=) into every node's grad.
//
// Non-finite numbers are ordinary IEEE doubles here: log(0) = -inf,
// 0 ** -1 = inf, exp(1000) = inf, and NaN flows on through every op and
// every gradient. Nothing traps.

import Foundation

/// A scalar node in a computation graph.
///
/// ```
/// let a = Value(2.0, label: "a"), b = Value(-3.0, label: "b")
/// let c = a * b + a.tanh()
/// c.backward()      // a.grad == b + (1 - tanh²a)
/// ```
///
/// Values are handles into the calling thread's tape; see `Tape.swift` for
/// the one-thread-at-a-time rule for a graph.
public struct Value {
  @usableFromInline let block: TapeBlock
  @usableFromInline let node: UnsafeMutablePointer<Node>

  @inlinable @inline(__always)
  init(block: TapeBlock, node: UnsafeMutablePointer<Node>) {
    self.block = block
    self.node = node
  }

  /// A leaf: an input or a parameter.
  public init(_ data: Double, label: String? = nil) {
    self = Value.make(data, op: .leaf)
    if let label { self.label = label }
  }

  // MARK: Node storage

  /// Appends a node with up to two parents to this thread's tape.
  @inlinable @inline(__always)
  static func make(
    _ data: Double, op: Op,
    lhs: Value? = nil, lhsLocal: Double = 0,
    rhs: Value? = nil, rhsLocal: Double = 0
  ) -> Value {
    Tape.withLocal { tape in
      let (block, p) = tape.append(
        Node(
          data: data, op: op, lhs: lhs?.node, lhsLocal: lhsLocal, rhs: rhs?.node,
          rhsLocal: rhsLocal),
        lhsBlock: lhs.map { .passUnretained($0.block) },
        rhsBlock: rhs.map { .passUnretained($0.block) })
      return Value(block: block.takeUnretainedValue(), node: p)
    }
  }

  /// Position of this node in its block.
  @inlinable var index: Int32 { Int32(truncatingIfNeeded: node - block.nodes) }

  /// The value holding `pointer`, a parent of this node.
  func parentValue(_ pointer: UnsafeMutablePointer<Node>) -> Value? {
    guard let owner = block.owner(of: pointer) else { return nil }
    return Value(block: owner, node: pointer)
  }

  /// The forward value.
  @inlinable public var data: Double {
    get { node.pointee.data }
    nonmutating set { node.pointee.data = newValue }
  }

  /// ∂(root of the last backward)/∂self, accumulated over backward passes.
  @inlinable public var grad: Double {
    get { node.pointee.grad }
    nonmutating set { node.pointee.grad = newValue }
  }

  /// The operation that made this node (`.leaf` for inputs and parameters).
  @inlinable public var op: Op { node.pointee.op }

  /// A name shown in graph drawings.
  public var label: String? {
    get { block.labels[index] }
    nonmutating set { block.labels[index] = newValue }
  }

  /// The values this one was made from, in operand order.
  public var children: [Value] {
    [node.pointee.lhs, node.pointee.rhs].compactMap { $0.flatMap(parentValue) }
  }

  /// ∂self/∂child for each child, in the order of `children`, as taken when
  /// this node was made.
  public var localDerivatives: [Double] {
    let n = node.pointee
    switch op.arity {
    case 0: return []
    case 1: return [n.lhsLocal]
    default: return [n.lhsLocal, n.rhsLocal]
    }
  }

  /// The constant exponent of a `powConstant` node.
  public var exponent: Double? { op == .powConstant ? node.pointee.rhsLocal : nil }

  /// Whether data or grad is NaN or infinite.
  public var isNonFinite: Bool { !data.isFinite || !grad.isFinite }
}

// MARK: - Identity

extension Value: Hashable {
  public static func == (a: Value, b: Value) -> Bool { a.node == b.node }
  public func hash(into hasher: inout Hasher) { hasher.combine(node) }
}

extension Value: CustomStringConvertible {
  public var description: String { "Value(data=\(formatScalar(data)), grad=\(formatScalar(grad)))" }
}

/// Shortest round-tripping text for a Double, Python-style (`2.0`, `nan`, `inf`).
public func formatScalar(_ x: Double) -> String {
  if x.isNaN { return "nan" }
  if x.isInfinite { return x > 0 ? "inf" : "-inf" }
  if x == x.rounded(), abs(x) < 1e16 { return String(format: "%.1f", x) }
  return "\(x)"
}

// MARK: - Primitives: forward value and local derivative side by side

extension Value {
  /// a + b: ∂/∂a = 1, ∂/∂b = 1.
  @inlinable public static func + (a: Value, b: Value) -> Value {
    make(a.data + b.data, op: .add, lhs: a, lhsLocal: 1, rhs: b, rhsLocal: 1)
  }

  /// a · b: ∂/∂a = b, ∂/∂b = a.
  @inlinable public static func * (a: Value, b: Value) -> Value {
    let (x, y) = (a.data, b.data)
    return make(x * y, op: .mul, lhs: a, lhsLocal: y, rhs: b, rhsLocal: x)
  }

  /// a ** k for a constant k.
  ///
  /// ```
  /// d/da aᵏ = k·aᵏ⁻¹        (a⁰ = 1 everywhere, so x ** 0 has derivative 0)
  /// ```
  /// Negative bases with integer exponents are fine ((−2)³ = −8, slope 12);
  /// with a fractional exponent the result is NaN, as IEEE `pow` says.
  @inlinable public func pow(_ k: Double) -> Value {
    let a = data
    let slope = k == 0 ? 0 : k * Foundation.pow(a, k - 1)
    return Value.make(Foundation.pow(a, k), op: .powConstant, lhs: self, lhsLocal: slope, rhsLocal: k)
  }

  /// a ** b for a Value exponent b.
  ///
  /// ```
  /// ∂/∂a aᵇ = b·aᵇ⁻¹
  /// ∂/∂b aᵇ = aᵇ·ln a      (taken as 0 at a = 0, b ≥ 0, as PyTorch does)
  /// ```
  @inlinable public func pow(_ b: Value) -> Value {
    let (x, y) = (data, b.data)
    let out = Foundation.pow(x, y)
    let dBase = y == 0 ? 0 : y * Foundation.pow(x, y - 1)
    let dExponent = x == 0 && y >= 0 ? 0 : out * Foundation.log(x)
    return Value.make(out, op: .pow, lhs: self, lhsLocal: dBase, rhs: b, rhsLocal: dExponent)
  }

  /// eᵃ: d/da = eᵃ.
  @inlinable public func exp() -> Value {
    let e = Foundation.exp(data)
    return Value.make(e, op: .exp, lhs: self, lhsLocal: e)
  }

  /// Natural log: d/da = 1/a (log of a non-positive number is NaN or −inf, as IEEE says).
  @inlinable public func log() -> Value {
    let a = data
    return Value.make(Foundation.log(a), op: .log, lhs: self, lhsLocal: 1 / a)
  }

  /// tanh a: d/da = 1 − tanh²a (saturates to 0 for large |a|).
  @inlinable public func tanh() -> Value {
    let t = Foundation.tanh(data)
    return Value.make(t, op: .tanh, lhs: self, lhsLocal: 1 - t * t)
  }

  /// σ(a) = 1 / (1 + e⁻ᵃ): d/da = σ(a)·(1 − σ(a)).
  @inlinable public func sigmoid() -> Value {
    let s = 1 / (1 + Foundation.exp(-data))
    return Value.make(s, op: .sigmoid, lhs: self, lhsLocal: s * (1 - s))
  }

  /// max(0, a); the derivative at 0 is taken as 0, as micrograd and PyTorch do.
  @inlinable public func relu() -> Value {
    let x = data
    return Value.make(x > 0 ? x : 0, op: .relu, lhs: self, lhsLocal: x > 0 ? 1 : 0)
  }
}

// MARK: - Composites, written from the primitives

precedencegroup ExponentiationPrecedence {
  associativity: right
  higherThan: MultiplicationPrecedence
}
infix operator ** : ExponentiationPrecedence

extension Value {
  // -a = a · (−1)
  @inlinable public static prefix func - (a: Value) -> Value { a * Value(-1) }
  // a − b = a + (−b)
  @inlinable public static func - (a: Value, b: Value) -> Value { a + (-b) }
  // a ÷ b = a · b^−1
  @inlinable public static func / (a: Value, b: Value) -> Value { a * b.pow(-1) }

  @inlinable public static func ** (a: Value, k: Double) -> Value { a.pow(k) }
  @inlinable public static func ** (a: Value, b: Value) -> Value { a.pow(b) }

  // Plain numbers on either side become leaves, as in micrograd.
  @inlinable public static func + (a: Value, k: Double) -> Value { a + Value(k) }
  @inlinable public static func + (k: Double, a: Value) -> Value { Value(k) + a }
  @inlinable public static func - (a: Value, k: Double) -> Value { a - Value(k) }
  @inlinable public static func - (k: Double, a: Value) -> Value { Value(k) - a }
  @inlinable public static func * (a: Value, k: Double) -> Value { a * Value(k) }
  @inlinable public static func * (k: Double, a: Value) -> Value { Value(k) * a }
  @inlinable public static func / (a: Value, k: Double) -> Value { a / Value(k) }
  @inlinable public static func / (k: Double, a: Value) -> Value { Value(k) / a }
  @inlinable public static func ** (k: Double, b: Value) -> Value { Value(k).pow(b) }

  @inlinable public static func += (a: inout Value, b: Value) { a = a + b }
  @inlinable public static func -= (a: inout Value, b: Value) { a = a - b }
  @inlinable public static func *= (a: inout Value, b: Value) { a = a * b }
  @inlinable public static func /= (a: inout Value, b: Value) { a = a / b }
  @inlinable public static func += (a: inout Value, k: Double) { a = a + k }
  @inlinable public static func -= (a: inout Value, k: Double) { a = a - k }
  @inlinable public static func *= (a: inout Value, k: Double) { a = a * k }
  @inlinable public static func /= (a: inout Value, k: Double) { a = a / k }
}

extension Sequence where Element == Value {
  /// The sum of the values, built as a left-to-right chain of additions
  /// (`Value(0)` for an empty sequence).
  public func sum() -> Value {
    var iterator = makeIterator()
    guard var total = iterator.next() else { return Value(0) }
    while let v = iterator.next() { total = total + v }
    return total
  }
}
