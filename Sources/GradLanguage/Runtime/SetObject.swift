// Sets: unordered collections of distinct hashable values, as in Python.
// (The lecture's topological sort keeps its visited nodes in one.)
//
// A kind written against RuntimeObject like any other; it iterates in
// insertion order, which is one of the orders Python allows.

/// A mutable set of hashable values.
final class SetObject: RuntimeObject {
  private(set) var elements: [RValue] = []
  private var positions: [DictKey: Int] = [:]

  init() {}

  init(_ items: [RValue]) throws(ReplError) {
    for item in items { try insert(item) }
  }

  var count: Int { elements.count }

  func insert(_ v: RValue) throws(ReplError) {
    let key = try DictKey(v)
    guard positions[key] == nil else { return }
    positions[key] = elements.count
    elements.append(v)
  }

  func has(_ v: RValue) throws(ReplError) -> Bool { positions[try DictKey(v)] != nil }

  /// Removes `v`; false when it was not there.
  func delete(_ v: RValue) throws(ReplError) -> Bool {
    guard let k = positions.removeValue(forKey: try DictKey(v)) else { return false }
    elements.remove(at: k)
    for j in k..<elements.count {
      if let key = try? DictKey(elements[j]) { positions[key] = j }
    }
    return true
  }

  /// The elements for which `keep` holds, in order.
  fileprivate func keeping(_ keep: (RValue) throws(ReplError) -> Bool) throws(ReplError) -> [RValue]
  {
    var out: [RValue] = []
    for v in elements where try keep(v) { out.append(v) }
    return out
  }

  var typeName: String { "set" }
  func repr() -> String { elements.isEmpty ? "set()" : "{…\(elements.count) items}" }
  func repr(showing show: (RValue) -> String) -> String {
    elements.isEmpty ? "set()" : "{" + elements.map(show).joined(separator: ", ") + "}"
  }
  var summary: String { "\(count) item\(count == 1 ? "" : "s")" }
  var isTruthy: Bool { !elements.isEmpty }
  var length: Int? { elements.count }
  func items() throws(ReplError) -> [RValue]? { elements }
  func contains(_ item: RValue) throws(ReplError) -> Bool? {
    // Unhashable things are simply not members.
    (try? has(item)) ?? false
  }
  var attributeNames: [String] {
    ["add", "remove", "discard", "clear", "copy", "update", "union", "intersection", "difference"]
  }
  var helpText: String {
    "set: distinct values; .add(x) .remove(x) .discard(x) .update(xs) .union(xs) "
      + ".intersection(xs) .difference(xs) .copy() .clear(); x in s; len(s)"
  }

  func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  {
    let a = arguments.positional
    switch name {
    case "add":
      try arguments.check("add", positional: 1)
      guard count < maximumCollectionSize else {
        throw ReplError("MemoryError", "set is too large")
      }
      try insert(a[0])
    case "remove":
      try arguments.check("remove", positional: 1)
      guard try delete(a[0]) else { throw ReplError("KeyError", interpreter.repr(a[0])) }
    case "discard":
      try arguments.check("discard", positional: 1)
      _ = try delete(a[0])
    case "clear":
      try arguments.check("clear", positional: 0)
      elements = []
      positions = [:]
    case "copy":
      try arguments.check("copy", positional: 0)
      return .object(try SetObject(elements))
    case "update":
      try arguments.check("update", positional: 1)
      for item in try interpreter.collect(a[0]) { try insert(item) }
    case "union", "intersection", "difference":
      try arguments.check(name, positional: 1)
      let other = try SetObject(try interpreter.collect(a[0]))
      switch name {
      case "union": return .object(try SetObject(elements + other.elements))
      case "intersection":
        return .object(try SetObject(try keeping { v throws(ReplError) in try other.has(v) }))
      default:
        return .object(try SetObject(try keeping { v throws(ReplError) in !(try other.has(v)) }))
      }
    default: return nil
    }
    return RValue.none
  }

  func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard !reflected, case .object(let o) = other, let s = o as? SetObject else { return nil }
    switch op {
    case .subtract:
      return .object(try SetObject(try keeping { v throws(ReplError) in !(try s.has(v)) }))
    case .bitOr: return .object(try SetObject(elements + s.elements))
    case .bitAnd: return .object(try SetObject(try keeping { v throws(ReplError) in try s.has(v) }))
    case .bitXor:
      let left = try keeping { v throws(ReplError) in !(try s.has(v)) }
      let right = try s.keeping { v throws(ReplError) in !(try has(v)) }
      return .object(try SetObject(left + right))
    default: return nil
    }
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .equal || op == .notEqual else { return nil }
    guard case .object(let o) = other, let s = o as? SetObject else {
      return .bool(op == .notEqual)
    }
    var same = s.count == count
    if same {
      for v in elements where !(try s.has(v)) {
        same = false
        break
      }
    }
    return .bool(op == .equal ? same : !same)
  }
}

enum SetBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "set", signature: "set(iterable=())", doc: "A set of the distinct items (hashable ones)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("set", positional: 0, 1)
      return .object(try SetObject(try args.positional.first.map(interpreter.collect) ?? []))
    }
  }
}
