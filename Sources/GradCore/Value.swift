// micrograd's Value: a scalar that remembers how it was computed.
//
// Each primitive below computes its forward value and its local derivative
// side by side; backward() multiplies local derivatives along the graph
// (the chain rule) and accumulates (+=) into every node's grad.

import Foundation

/// A scalar node in a computation graph.
///
/// ```
/// let a = Value(2.0, label: "a"), b = Value(-3.0, label: "b")
/// let c = a * b + a.tanh()
/// c.backward()      // a.grad == b + (1 - tanh²a)
/// ```
public struct Value {
  @usableFromInline let block: TapeBlock
  @usableFromInline let index: Int32

  @inlinable init(block: TapeBlock, index: Int32) {
    self.block = block
    self.index = index
  }

  /// A leaf: an input or a parameter.
  public init(_ data: Double, label: String? = nil) {
    self = Value.make(data, op: .leaf)
    if let label { self.label = label }
  }

  // MARK: Node storage

  /// Appends a node to this thread's tape.
  @inlinable
  static func make(
    _ data: Double, op: Op,
    lhs: Value? = nil, lhsLocal: Double = 0,
    rhs: Value? = nil, rhsLocal: Double = 0
  ) -> Value {
    let block = Tape.local.blockWithRoom()
    let i = block.count
    block.count = i + 1
    block.data[i] = data
    block.grad[i] = 0
    block.op[i] = op
    block.lhsLocal[i] = lhsLocal
    block.rhsLocal[i] = rhsLocal
    block.lhs[i] = lhs.map { block.refer(to: $0.block); return $0.ref } ?? .none
    block.rhs[i] = rhs.map { block.refer(to: $0.block); return $0.ref } ?? .none
    return Value(block: block, index: Int32(i))
  }

  @inlinable var ref: NodeRef {
    NodeRef(block: Unmanaged.passUnretained(block), index: index)
  }

  @inlinable init(_ ref: NodeRef) {
    // swift-format-ignore: NeverForceUnwrap
    self.init(block: ref.block!.takeUnretainedValue(), index: ref.index)
  }

  /// The forward value.
  @inlinable public var data: Double {
    get { block.data[Int(index)] }
    nonmutating set { block.data[Int(index)] = newValue }
  }

  /// ∂(root of the last backward)/∂self, accumulated over backward passes.
  @inlinable public var grad: Double {
    get { block.grad[Int(index)] }
    nonmutating set { block.grad[Int(index)] = newValue }
  }

  /// The operation that made this node (`.leaf` for inputs and parameters).
  @inlinable public var op: Op { block.op[Int(index)] }

  /// A name shown in graph drawings.
  public var label: String? {
    get { block.labels[index] }
    nonmutating set { block.labels[index] = newValue }
  }

  /// The values this one was made from, in operand order.
  public var children: [Value] {
    let i = Int(index)
    var out: [Value] = []
    if block.lhs[i].block != nil { out.append(Value(block.lhs[i])) }
    if block.rhs[i].block != nil { out.append(Value(block.rhs[i])) }
    return out
  }

  /// ∂self/∂child for each child, in the order of `children`, as taken when
  /// this node was made.
  public var localDerivatives: [Double] {
    let i = Int(index)
    switch op {
    case .leaf: return []
    case .powConstant, .exp, .log, .tanh, .sigmoid, .relu: return [block.lhsLocal[i]]
    case .add, .mul, .pow: return [block.lhsLocal[i], block.rhsLocal[i]]
    }
  }

  /// The constant exponent of a `powConstant` node.
  public var exponent: Double? { op == .powConstant ? block.rhsLocal[Int(index)] : nil }
}

// MARK: - Identity

extension Value: Hashable {
  public static func == (a: Value, b: Value) -> Bool { a.block === b.block && a.index == b.index }
  public func hash(into hasher: inout Hasher) {
    hasher.combine(ObjectIdentifier(block))
    hasher.combine(index)
  }
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
  @inlinable public static func + (a: Value, b: Value) -> Value {
    make(a.data + b.data, op: .add, lhs: a, lhsLocal: 1, rhs: b, rhsLocal: 1)
  }

  @inlinable public static func * (a: Value, b: Value) -> Value {
    make(a.data * b.data, op: .mul, lhs: a, lhsLocal: b.data, rhs: b, rhsLocal: a.data)
  }

  /// a ** k for a constant k: d/da = k·a^(k−1).
  @inlinable public func pow(_ k: Double) -> Value {
    let a = data
    return Value.make(
      Foundation.pow(a, k), op: .powConstant, lhs: self, lhsLocal: k * Foundation.pow(a, k - 1),
      rhsLocal: k)
  }

  /// a ** b for a Value b: d/da = b·a^(b−1), d/db = a^b·ln a.
  @inlinable public func pow(_ b: Value) -> Value {
    let (x, y) = (data, b.data)
    let out = Foundation.pow(x, y)
    // At a == 0 the exponent's derivative is 0 (PyTorch's convention); elsewhere a^b·ln a.
    let dExponent = x == 0 && y >= 0 ? 0 : out * Foundation.log(x)
    return Value.make(
      out, op: .pow, lhs: self, lhsLocal: y * Foundation.pow(x, y - 1), rhs: b,
      rhsLocal: dExponent)
  }

  @inlinable public func exp() -> Value {
    let e = Foundation.exp(data)
    return Value.make(e, op: .exp, lhs: self, lhsLocal: e)
  }

  /// Natural log: d/da = 1/a (log of a non-positive number is NaN or −inf, as IEEE says).
  @inlinable public func log() -> Value {
    Value.make(Foundation.log(data), op: .log, lhs: self, lhsLocal: 1 / data)
  }

  @inlinable public func tanh() -> Value {
    let t = Foundation.tanh(data)
    return Value.make(t, op: .tanh, lhs: self, lhsLocal: 1 - t * t)
  }

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
}
