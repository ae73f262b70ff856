// Runtime values of the language.
//
// The common kinds (numbers, strings, lists, micrograd Values) are enum cases
// so arithmetic on them is a switch, not a dictionary lookup. Everything else
// (models, modules, tensors later) is an `.object` implementing `RuntimeObject`
// in its own file.

import GradCore

/// A value in the running program.
public enum RValue {
  case none
  case bool(Bool)
  case int(Int)
  case float(Double)
  case str(String)
  /// micrograd's scalar autograd node, native.
  case value(Value)
  case list(ListBox)
  case tuple([RValue])
  case dict(DictBox)
  case range(RangeValue)
  case function(FunctionObject)
  case builtin(BuiltinFunction)
  /// A method bound to its receiver, e.g. `f = a.backward`.
  indirect case boundMethod(receiver: RValue, name: String)
  case object(any RuntimeObject)

  /// Python's type name: `int`, `float`, `Value`, `list`, ...
  public var typeName: String {
    switch self {
    case .none: "NoneType"
    case .bool: "bool"
    case .int: "int"
    case .float: "float"
    case .str: "str"
    case .value: "Value"
    case .list: "list"
    case .tuple: "tuple"
    case .dict: "dict"
    case .range: "range"
    case .function: "function"
    case .builtin: "builtin_function_or_method"
    case .boundMethod: "method"
    case .object(let o): o.typeName
    }
  }

  /// Python truthiness: zero, empty and None are false.
  public var isTruthy: Bool {
    switch self {
    case .none: false
    case .bool(let b): b
    case .int(let n): n != 0
    case .float(let x): x != 0
    case .str(let s): !s.isEmpty
    case .list(let l): !l.items.isEmpty
    case .tuple(let t): !t.isEmpty
    case .dict(let d): d.count > 0
    case .range(let r): r.count > 0
    case .value, .function, .builtin, .boundMethod: true
    case .object(let o): o.isTruthy
    }
  }

  /// The number as a Double, for ints, floats and bools.
  var asDouble: Double? {
    switch self {
    case .int(let n): Double(n)
    case .float(let x): x
    case .bool(let b): b ? 1 : 0
    default: nil
    }
  }

  /// The integer, for ints and bools.
  var asInt: Int? {
    switch self {
    case .int(let n): n
    case .bool(let b): b ? 1 : 0
    default: nil
    }
  }
}

/// A mutable list, shared by reference as in Python.
public final class ListBox {
  public var items: [RValue]

  public init(_ items: [RValue]) { self.items = items }

  // Releasing a deeply nested list (`a = [a]` a million times) would otherwise
  // recurse once per level; take nested lists apart iteratively instead.
  deinit {
    guard items.contains(where: { if case .list = $0 { true } else { false } }) else { return }
    var pending = items
    items = []
    while let last = pending.popLast() {
      guard case .list(var box) = last else { continue }
      if isKnownUniquelyReferenced(&box) {
        pending.append(contentsOf: box.items)
        box.items = []
      }
    }
  }
}

/// A dict that keeps insertion order, as Python's does.
public final class DictBox {
  private(set) var keys: [RValue] = []
  private(set) var values: [RValue] = []
  private var index: [DictKey: Int] = [:]

  public init() {}

  var count: Int { index.count }

  func get(_ key: RValue) throws(ReplError) -> RValue? {
    guard let i = index[try DictKey(key)] else { return nil }
    return values[i]
  }

  func set(_ key: RValue, _ value: RValue) throws(ReplError) {
    let k = try DictKey(key)
    if let i = index[k] {
      values[i] = value
    } else {
      index[k] = keys.count
      keys.append(key)
      values.append(value)
    }
  }

  func remove(_ key: RValue) throws(ReplError) -> RValue? {
    let k = try DictKey(key)
    guard let i = index[k] else { return nil }
    let value = values[i]
    keys.remove(at: i)
    values.remove(at: i)
    index = [:]
    for (position, key) in keys.enumerated() {
      if let dk = try? DictKey(key) { index[dk] = position }
    }
    return value
  }
}

/// A hashable view of a dict key: numbers that compare equal hash equal (1 == 1.0 == True).
struct DictKey: Hashable {
  private enum Key: Hashable {
    case none
    case int(Int)
    case float(Double)
    case str(String)
    case node(Value)
    case identity(ObjectIdentifier)
    case tuple([DictKey])
  }
  private let key: Key

  init(_ value: RValue) throws(ReplError) {
    switch value {
    case .none: key = .none
    case .bool(let b): key = .int(b ? 1 : 0)
    case .int(let n): key = .int(n)
    case .float(let x):
      if x == x.rounded(), let n = Int(exactly: x) { key = .int(n) } else { key = .float(x) }
    case .str(let s): key = .str(s)
    case .value(let v): key = .node(v)
    case .tuple(let items):
      var keys: [DictKey] = []
      for item in items { keys.append(try DictKey(item)) }
      key = .tuple(keys)
    case .function(let f): key = .identity(ObjectIdentifier(f))
    case .object(let o): key = .identity(ObjectIdentifier(o))
    default:
      throw .type("unhashable type: '\(value.typeName)'")
    }
  }
}

/// `range(start, stop, step)`, lazy.
public struct RangeValue {
  let start: Int
  let stop: Int
  let step: Int

  /// How many numbers it yields (0 when empty).
  var count: Int {
    if step > 0 {
      guard start < stop else { return 0 }
      let (span, o1) = stop.subtractingReportingOverflow(start)
      if o1 { return Int.max }
      return (span - 1) / step + 1
    } else {
      guard start > stop else { return 0 }
      let (span, o1) = start.subtractingReportingOverflow(stop)
      if o1 { return Int.max }
      return (span - 1) / (-step) + 1
    }
  }

  /// The k-th number (k < count).
  func element(_ k: Int) -> Int { start &+ k &* step }
}
