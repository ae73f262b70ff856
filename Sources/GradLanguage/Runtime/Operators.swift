// Arithmetic, comparison and indexing, with Python's rules.
//
// Integers are 64-bit: a result that does not fit raises OverflowError (never
// a trap, never a silent wrap). `//` and `%` floor towards −∞ as Python's do:
//   a == (a // b) * b + a % b,  and a % b has the sign of b.
// Values (micrograd) mix with plain numbers on either side; the number
// becomes a leaf, as in micrograd.

import Foundation
import GradCore

extension Interpreter {
  // MARK: Binary operators

  func binary(_ op: BinaryOperator, _ a: RValue, _ b: RValue) throws(ReplError) -> RValue {
    switch (a, b) {
    case (.int(let x), .int(let y)): return try intBinary(op, x, y)
    case (.float(let x), .float(let y)): return try floatBinary(op, x, y)
    case (.int(let x), .float(let y)) where !op.isBitwise: return try floatBinary(op, Double(x), y)
    case (.float(let x), .int(let y)) where !op.isBitwise: return try floatBinary(op, x, Double(y))
    case (.bool(let x), .bool(let y)) where op == .bitOr || op == .bitAnd || op == .bitXor:
      // bool & bool stays a bool, as in Python.
      return .bool(op == .bitOr ? (x || y) : op == .bitAnd ? (x && y) : (x != y))
    case (.value(let x), .value(let y)):
      switch op {
      case .add: return .value(x + y)
      case .subtract: return .value(x - y)
      case .multiply: return .value(x * y)
      case .divide: return .value(x / y)
      case .power: return .value(x.pow(y))
      default: break
      }
    case (.value(let x), .int), (.value(let x), .float), (.value(let x), .bool):
      let k = b.asDouble ?? 0
      switch op {
      case .add: return .value(x + k)
      case .subtract: return .value(x - k)
      case .multiply: return .value(x * k)
      case .divide: return .value(x / k)
      case .power: return .value(x.pow(k))
      default: break
      }
    case (.int, .value(let y)), (.float, .value(let y)), (.bool, .value(let y)):
      let k = a.asDouble ?? 0
      switch op {
      case .add: return .value(k + y)
      case .subtract: return .value(k - y)
      case .multiply: return .value(k * y)
      case .divide: return .value(k / y)
      case .power: return .value(k ** y)
      default: break
      }
    case (.bool, .int), (.bool, .float), (.bool, .bool), (.int, .bool), (.float, .bool):
      return try binary(op, a.asInt.map(RValue.int) ?? a, b.asInt.map(RValue.int) ?? b)
    case (.str(let template), _) where op == .modulo:
      return .str(try percentFormat(template, b))
    case (.str(let x), .str(let y)) where op == .add:
      guard x.utf8.count + y.utf8.count <= maximumCollectionSize else {
        throw ReplError("MemoryError", "string concatenation result is too large")
      }
      return .str(x + y)
    case (.str(let s), .int(let n)) where op == .multiply,
      (.int(let n), .str(let s)) where op == .multiply:
      guard n <= 0 || s.utf8.count <= maximumCollectionSize / max(n, 1) else {
        throw ReplError("MemoryError", "string repetition result is too large")
      }
      return .str(String(repeating: s, count: max(n, 0)))
    case (.list(let x), .list(let y)) where op == .add:
      try checkConcatenation(x.items.count, y.items.count)
      return .list(ListBox(x.items + y.items))
    case (.tuple(let x), .tuple(let y)) where op == .add:
      try checkConcatenation(x.count, y.count)
      return .tuple(TupleItems(x.array + y.array))
    case (.list(let l), .int(let n)) where op == .multiply,
      (.int(let n), .list(let l)) where op == .multiply:
      return .list(ListBox(try repeated(l.items, n)))
    case (.tuple(let t), .int(let n)) where op == .multiply,
      (.int(let n), .tuple(let t)) where op == .multiply:
      return .tuple(TupleItems(try repeated(t.array, n)))
    case (.object(let o), _):
      if o is InstanceObject || b.instance != nil {
        if let result = try instanceBinary(op, a, b) { return result }
        if o is InstanceObject { break }
      }
      if let result = try o.binary(op, b, reflected: false) { return result }
      if case .object(let other) = b, let result = try other.binary(op, a, reflected: true) {
        return result
      }
    case (_, .object(let o)):
      if o is InstanceObject {
        if let result = try instanceBinary(op, a, b) { return result }
        break
      }
      if let result = try o.binary(op, a, reflected: true) { return result }
    default: break
    }
    var message =
      "unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'"
    // Python 2's `print >>f, x` reads as a shift of the print function; Python 3 hints.
    if op == .shiftRight, case .builtin(let f) = a, f.name == "print" {
      message += ". Did you mean \"print(<message>, file=<output_stream>)\"?"
    }
    throw ReplError.type(message)
  }

  private func checkConcatenation(_ m: Int, _ n: Int) throws(ReplError) {
    guard m + n <= maximumCollectionSize else {
      throw ReplError(
        "MemoryError",
        "a sequence of \(m + n) items is too large (the limit is \(maximumCollectionSize))")
    }
  }

  private func repeated(_ items: [RValue], _ n: Int) throws(ReplError) -> [RValue] {
    guard n > 0, !items.isEmpty else { return [] }
    guard n <= maximumCollectionSize / items.count else {
      throw ReplError(
        "MemoryError",
        "a list of \(items.count) × \(n) items is too large (the limit is "
          + "\(maximumCollectionSize))")
    }
    var out: [RValue] = []
    out.reserveCapacity(items.count * n)
    for _ in 0..<n { out += items }
    return out
  }

  private func intOverflow(_ op: BinaryOperator) -> ReplError {
    .overflow(
      "integer result of \(op.rawValue) does not fit in 64 bits "
        + "(integers here are 64-bit; use floats, e.g. 2.0 ** 100)")
  }

  func intBinary(_ op: BinaryOperator, _ x: Int, _ y: Int) throws(ReplError) -> RValue {
    switch op {
    case .add:
      let (r, o) = x.addingReportingOverflow(y)
      if o { throw intOverflow(op) }
      return .int(r)
    case .subtract:
      let (r, o) = x.subtractingReportingOverflow(y)
      if o { throw intOverflow(op) }
      return .int(r)
    case .multiply:
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if o { throw intOverflow(op) }
      return .int(r)
    case .divide:
      if y == 0 { throw .zeroDivision("division by zero") }
      return .float(Double(x) / Double(y))
    case .floorDivide:
      if y == 0 { throw .zeroDivision("integer division or modulo by zero") }
      if x == Int.min && y == -1 { throw intOverflow(op) }
      var q = x / y
      if x % y != 0 && ((x < 0) != (y < 0)) { q -= 1 }
      return .int(q)
    case .modulo:
      if y == 0 { throw .zeroDivision("integer division or modulo by zero") }
      if y == -1 { return .int(0) }
      var r = x % y
      if r != 0 && ((r < 0) != (y < 0)) { r += y }
      return .int(r)
    case .power:
      if y < 0 {
        if x == 0 { throw .zeroDivision("0.0 cannot be raised to a negative power") }
        return .float(Foundation.pow(Double(x), Double(y)))
      }
      // Exponentiation by squaring, watching every product for overflow.
      var result = 1
      var base = x
      var e = y
      while e > 0 {
        if e & 1 == 1 {
          let (r, o) = result.multipliedReportingOverflow(by: base)
          if o { throw intOverflow(op) }
          result = r
        }
        e >>= 1
        if e > 0 {
          let (b, o) = base.multipliedReportingOverflow(by: base)
          if o { throw intOverflow(op) }
          base = b
        }
      }
      return .int(result)
    case .matrixMultiply:
      throw ReplError.type("unsupported operand type(s) for @: 'int' and 'int'")
    case .bitOr: return .int(x | y)
    case .bitXor: return .int(x ^ y)
    case .bitAnd: return .int(x & y)
    case .shiftLeft:
      guard y >= 0 else { throw .value("negative shift count") }
      // x << y = x · 2^y, which must fit in 64 bits.
      guard x == 0 || (y < 63 && (x << y) >> y == x) else { throw intOverflow(op) }
      return .int(x << y)
    case .shiftRight:
      guard y >= 0 else { throw .value("negative shift count") }
      return .int(y >= 64 ? (x < 0 ? -1 : 0) : x >> y)
    }
  }

  func floatBinary(_ op: BinaryOperator, _ x: Double, _ y: Double) throws(ReplError) -> RValue {
    switch op {
    case .add: return .float(x + y)
    case .subtract: return .float(x - y)
    case .multiply: return .float(x * y)
    case .divide:
      if y == 0 { throw .zeroDivision("float division by zero") }
      return .float(x / y)
    case .floorDivide:
      if y == 0 { throw .zeroDivision("float floor division by zero") }
      return .float((x / y).rounded(.down))
    case .modulo:
      if y == 0 { throw .zeroDivision("float modulo by zero") }
      var r = fmod(x, y)
      if r != 0 && ((r < 0) != (y < 0)) { r += y }
      return .float(r)
    case .power:
      if x == 0 && y < 0 { throw .zeroDivision("0.0 cannot be raised to a negative power") }
      if x < 0 && y != y.rounded() {
        throw .value(
          "a negative number cannot be raised to a fractional power (no complex "
            + "numbers here)")
      }
      return .float(Foundation.pow(x, y))
    case .matrixMultiply, .bitOr, .bitXor, .bitAnd, .shiftLeft, .shiftRight:
      throw ReplError.type(
        "unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
    }
  }

  // MARK: Unary operators

  func unary(_ op: UnaryOperator, _ v: RValue) throws(ReplError) -> RValue {
    switch (op, v) {
    case (.not, _): return .bool(!(try truthy(v)))
    case (_, .object(let o as InstanceObject)):
      if let r = try instanceUnary(op, o) { return r }
    case (.negate, .int(let n)):
      if n == Int.min { throw intOverflow(.subtract) }
      return .int(-n)
    case (.negate, .float(let x)): return .float(-x)
    case (.negate, .bool(let b)): return .int(b ? -1 : 0)
    case (.negate, .value(let x)): return .value(-x)
    case (.plus, .int), (.plus, .float), (.plus, .value): return v
    case (.plus, .bool(let b)): return .int(b ? 1 : 0)
    case (.invert, .int(let n)): return .int(~n)
    case (.invert, .bool(let b)): return .int(b ? -2 : -1)
    case (.negate, .object(let o)), (.plus, .object(let o)), (.invert, .object(let o)):
      if let r = try o.unary(op) { return r }
    default: break
    }
    throw ReplError.type("bad operand type for unary \(op.rawValue): '\(v.typeName)'")
  }

  // MARK: Comparisons

  func compare(_ op: ComparisonOperator, _ a: RValue, _ b: RValue) throws(ReplError) -> Bool {
    if case .object = a, let rich = try richComparison(op, a, b) { return try truthy(rich) }
    if case .object = b, let rich = try richComparison(op, a, b) { return try truthy(rich) }
    switch op {
    case .equal: return try equals(a, b)
    case .notEqual: return !(try equals(a, b))
    case .isSame: return isSame(a, b)
    case .isNotSame: return !isSame(a, b)
    case .isIn: return try contains(b, a)
    case .notIn: return !(try contains(b, a))
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      let order = try ordering(a, b, op)
      switch op {
      case .less: return order < 0
      case .lessOrEqual: return order <= 0
      case .greater: return order > 0
      default: return order >= 0
      }
    }
  }

  /// −1, 0 or 1 (NaN compares as unordered: every ordering test is false).
  private func ordering(_ a: RValue, _ b: RValue, _ op: ComparisonOperator) throws(ReplError)
    -> Int
  {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.str(let x), .str(let y)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.list(let x), .list(let y)): return try sequenceOrdering(x.items, y.items, op)
    case (.tuple(let x), .tuple(let y)): return try sequenceOrdering(x.array, y.array, op)
    default: break
    }
    if let x = numeric(a), let y = numeric(b) {
      if x.isNaN || y.isNaN { return op == .less || op == .lessOrEqual ? 1 : -1 }
      return x < y ? -1 : (x > y ? 1 : 0)
    }
    throw ReplError.type(
      "'\(op.rawValue)' not supported between instances of '\(a.typeName)' and "
        + "'\(b.typeName)'")
  }

  /// Numbers compare by value; a Value compares by its data.
  private func numeric(_ v: RValue) -> Double? {
    if case .value(let x) = v { return x.data }
    return v.asDouble
  }

  private func sequenceOrdering(_ x: [RValue], _ y: [RValue], _ op: ComparisonOperator)
    throws(ReplError) -> Int
  {
    try ensureStackRoom()
    for (p, q) in zip(x, y) {
      if !(try equals(p, q)) { return try ordering(p, q, op) }
    }
    return x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
  }

  /// Python's `==`.
  func equals(_ a: RValue, _ b: RValue) throws(ReplError) -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.str(let x), .str(let y)): return x == y
    case (.none, .none): return true
    case (.value(let x), .value(let y)): return x == y
    case (.list(let x), .list(let y)):
      if x === y { return true }
      return try sequenceEquals(x.items, y.items)
    case (.tuple(let x), .tuple(let y)): return try sequenceEquals(x.array, y.array)
    case (.dict(let x), .dict(let y)):
      guard x.count == y.count else { return false }
      try ensureStackRoom()
      for (k, v) in zip(x.keys, x.values) {
        guard let w = try y.get(k), try equals(v, w) else { return false }
      }
      return true
    case (.range(let x), .range(let y)):
      return x.count == y.count && (x.count == 0 || (x.start == y.start && x.step == y.step))
    case (.function(let x), .function(let y)): return x === y
    case (.builtin(let x), .builtin(let y)): return x === y
    case (.object(let x), .object(let y)):
      if x is InstanceObject || y is InstanceObject {
        return try truthy(try richComparison(.equal, a, b) ?? .bool(x === y))
      }
      if x === y { return true }
      if let n = typeValueName(a), let m = typeValueName(b) { return n == m }
      if let answer = try x.compare(.equal, b, reflected: false), case .bool(let same) = answer {
        return same
      }
      return false
    case (.object(let x as InstanceObject), _), (_, .object(let x as InstanceObject)):
      _ = x
      return try truthy(try richComparison(.equal, a, b) ?? .bool(false))
    default:
      if let x = a.asDouble, let y = b.asDouble { return x == y }
      if let n = typeValueName(a), let m = typeValueName(b) { return n == m }
      return false
    }
  }

  private func sequenceEquals(_ x: [RValue], _ y: [RValue]) throws(ReplError) -> Bool {
    guard x.count == y.count else { return false }
    try ensureStackRoom()
    for (p, q) in zip(x, y) {
      if !(try equals(p, q)) { return false }
    }
    return true
  }

  /// The type a value names, when it is a type: `type(x)`, an exception class, or a
  /// constructor such as `int` or `Value`. (`type(1) == int`, `type(e) is ValueError`.)
  func typeValueName(_ v: RValue) -> String? {
    switch v {
    case .object(let o):
      if let t = o as? TypeObject { return t.name }
      if let t = o as? ExceptionType { return t.name }
    case .builtin(let b):
      if Interpreter.constructorNames.contains(b.name) { return b.name }
    default: break
    }
    return nil
  }

  /// Built-in functions that double as type names.
  static let constructorNames: Set<String> = [
    "int", "float", "str", "bool", "list", "tuple", "dict", "range", "slice", "Value", "MLP",
    "Layer", "Neuron",
  ]

  /// `isinstance(value, type)`: bool counts as int; exception kinds follow their hierarchy.
  func isInstance(_ value: RValue, of type: RValue) throws(ReplError) -> Bool {
    if case .tuple(let options) = type {
      for option in options where try isInstance(value, of: option) { return true }
      return false
    }
    if case .object(let o as ClassObject) = type {
      if o === objectClass { return true }
      return value.instance?.cls.isSubclass(of: o) ?? false
    }
    guard let name = typeValueName(type) else {
      throw ReplError.type("isinstance() arg 2 must be a type or tuple of types")
    }
    if let instance = value.instance {
      return instance.cls.inheritsException(name)
    }
    if case .object(let o) = value, let e = o as? ExceptionObject {
      return exceptionKind(e.kind, isA: name)
    }
    if case .object(let o) = value { return o.isInstance(ofTypeNamed: name) }
    return value.typeName == name || (name == "int" && value.typeName == "bool")
  }

  /// Python's `is`: the same object.
  func isSame(_ a: RValue, _ b: RValue) -> Bool {
    switch (a, b) {
    case (.none, .none): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.value(let x), .value(let y)): return x == y
    case (.list(let x), .list(let y)): return x === y
    case (.dict(let x), .dict(let y)): return x === y
    case (.function(let x), .function(let y)): return x === y
    case (.builtin(let x), .builtin(let y)): return x === y
    case (.object(let x), .object(let y)):
      if x === y { return true }
      if let n = typeValueName(a), let m = typeValueName(b) { return n == m }
      return false
    case (.str(let x), .str(let y)): return x == y
    default:
      if let n = typeValueName(a), let m = typeValueName(b) { return n == m }
      return false
    }
  }

  /// `item in container`.
  func contains(_ container: RValue, _ item: RValue) throws(ReplError) -> Bool {
    switch container {
    case .str(let s):
      guard case .str(let part) = item else {
        throw ReplError.type(
          "'in <string>' requires string as left operand, not \(item.typeName)")
      }
      return part.isEmpty || s.contains(part)
    case .dict(let d): return try d.get(item) != nil
    case .object(let o as InstanceObject):
      if let answer = try callDunder(o, "__contains__", [item]) { return try truthy(answer) }
      var iterator = try makeIterator(container)
      while let x = try iterator.next() {
        if try equals(x, item) { return true }
      }
      return false
    case .object(let o):
      if let answer = try o.contains(item) { return answer }
      var iterator = try makeIterator(container)
      while let x = try iterator.next() {
        if try equals(x, item) { return true }
      }
      return false
    case .range(let r):
      guard let n = item.asInt ?? (item.asDouble.flatMap { Int(exactly: $0) }) else {
        return false
      }
      return r.contains(n)
    default:
      var iterator = try makeIterator(container)
      while let x = try iterator.next() {
        if try equals(x, item) { return true }
      }
      return false
    }
  }

  // MARK: Indexing

  /// A Python index (negative counts from the end) checked against `count`.
  func normalizedIndex(_ index: RValue, count: Int, kind: String) throws(ReplError) -> Int {
    guard let i = index.asInt else {
      throw ReplError.type("\(kind) indices must be integers or slices, not \(index.typeName)")
    }
    let k = i < 0 ? i &+ count : i
    guard k >= 0 && k < count else { throw ReplError.index("\(kind) index out of range") }
    return k
  }

  func item(_ object: RValue, _ index: RValue) throws(ReplError) -> RValue {
    switch object {
    case .list(let box):
      if case .object(let o) = index, let s = o as? SliceObject {
        return .list(ListBox(try s.select(box.items)))
      }
      return box.items[try normalizedIndex(index, count: box.items.count, kind: "list")]
    case .tuple(let items):
      if case .object(let o) = index, let s = o as? SliceObject {
        return .tuple(TupleItems(try s.select(items.array)))
      }
      return items[try normalizedIndex(index, count: items.count, kind: "tuple")]
    case .str(let text):
      let characters = Array(text)
      if case .object(let o) = index, let s = o as? SliceObject {
        let picked = try s.select(characters.map { RValue.str(String($0)) })
        return .str(picked.map { if case .str(let c) = $0 { c } else { "" } }.joined())
      }
      return .str(
        String(
          characters[
            try normalizedIndex(
              index, count: characters.count,
              kind: "string")]))
    case .range(let r):
      if case .object(let o) = index, let s = o as? SliceObject {
        return .list(ListBox(try s.select(try collect(object))))
      }
      return .int(r.element(try normalizedIndex(index, count: r.count, kind: "range object")))
    case .dict(let d):
      if let v = try d.get(index) { return v }
      throw ReplError.key(index, repr: repr(index))
    case .object(let o as InstanceObject):
      if let v = try callDunder(o, "__getitem__", [index]) { return v }
    case .object(let o as ClassObject):
      // `list[int]`-style generic aliases mean nothing here; keep the class.
      if o.lookup("__class_getitem__") == nil { return object }
    case .object(let o):
      if let v = try o.item(index) { return v }
    default: break
    }
    throw ReplError.type("'\(object.typeName)' object is not subscriptable")
  }

  func setItem(_ object: RValue, _ index: RValue, _ value: RValue) throws(ReplError) {
    switch object {
    case .list(let box):
      if case .object(let o) = index, let s = o as? SliceObject {
        try s.assign(into: &box.items, try collect(value))
        return
      }
      box.items[try normalizedIndex(index, count: box.items.count, kind: "list")] = value
      return
    case .dict(let d):
      try d.set(index, value)
      return
    case .object(let o as InstanceObject):
      if try callDunder(o, "__setitem__", [index, value]) != nil { return }
    case .object(let o):
      if try o.setItem(index, value) { return }
    default: break
    }
    throw ReplError.type("'\(object.typeName)' object does not support item assignment")
  }
}

/// `lower:upper:step` inside brackets.
public final class SliceObject: RuntimeObject {
  /// The bounds and step as written; `None` where left out.
  public let lower: RValue
  public let upper: RValue
  public let step: RValue

  public init(lower: RValue, upper: RValue, step: RValue) {
    self.lower = lower
    self.upper = upper
    self.step = step
  }

  public var typeName: String { "slice" }
  public var attributeNames: [String] { ["start", "step", "stop"] }
  public func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    switch name {
    case "start": return lower
    case "stop": return upper
    case "step": return step
    default: return nil
    }
  }

  public func repr() -> String {
    func text(_ v: RValue) -> String { v.asInt.map(String.init) ?? "None" }
    return "slice(\(text(lower)), \(text(upper)), \(text(step)))"
  }

  /// The positions selected from a sequence of `count` items, Python's way.
  public func indices(count: Int) throws(ReplError) -> [Int] {
    func bound(_ v: RValue) throws(ReplError) -> Int? {
      if case .none = v { return nil }
      guard let n = v.asInt else {
        throw ReplError.type("slice indices must be integers or None")
      }
      return n
    }
    let s = try bound(step) ?? 1
    guard s != 0 else { throw ReplError.value("slice step cannot be zero") }
    func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
      guard var k = v else { return defaultValue }
      if k < 0 { k = max(k &+ count, s > 0 ? 0 : -1) }
      return s > 0 ? min(k, count) : min(k, count - 1)
    }
    let start = clamp(try bound(lower), s > 0 ? 0 : count - 1)
    let stop = clamp(try bound(upper), s > 0 ? count : -1)
    var out: [Int] = []
    var k = start
    while s > 0 ? k < stop : k > stop {
      out.append(k)
      let (next, overflow) = k.addingReportingOverflow(s)
      if overflow { break }
      k = next
    }
    return out
  }

  /// The items the slice selects from `items`.
  public func select(_ items: [RValue]) throws(ReplError) -> [RValue] {
    try indices(count: items.count).map { items[$0] }
  }

  func assign(into items: inout [RValue], _ values: [RValue]) throws(ReplError) {
    if case .none = step {
      let picked = try indices(count: items.count)
      let start =
        picked.first
        ?? min(
          max(
            lower.asInt.map { $0 < 0 ? $0 &+ items.count : $0 } ?? 0,
            0), items.count)
      let end = picked.last.map { $0 + 1 } ?? start
      items.replaceSubrange(start..<end, with: values)
      return
    }
    let picked = try indices(count: items.count)
    guard picked.count == values.count else {
      throw ReplError.value(
        "attempt to assign sequence of size \(values.count) to extended slice of size "
          + "\(picked.count)")
    }
    for (k, v) in zip(picked, values) { items[k] = v }
  }
}
