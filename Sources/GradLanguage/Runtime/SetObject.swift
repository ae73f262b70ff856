// Sets: unordered collections of distinct hashable values, as in Python.
// (The lecture's topological sort keeps its visited nodes in one.)
//
// A kind written against RuntimeObject like any other; it iterates in
// insertion order, which is one of the orders Python allows.

/// A mutable set of hashable values.
final class SetObject: GCObject, MemberTableObject {
  var collectable: GCObject? { self }
  private(set) var elements: [RValue] = []
  private var positions: [DictKey: Int] = [:]

  override init() { super.init() }

  init(_ items: [RValue]) throws(ReplError) {
    super.init()
    for item in items { try insert(item) }
  }

  deinit { releaseIteratively(&elements) }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    for element in elements { if let o = element.gcObject { visit(o) } }
  }
  override func gcMakeUnique() { elements.withUnsafeMutableBufferPointer { _ in } }
  override func gcClear() {
    var old = elements
    elements = []
    positions = [:]
    releaseIteratively(&old)
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
  var helpText: String {
    "set: distinct values; "
      + SetObject.members.rows.map { "." + $0.signature }
      .joined(separator: " ") + "; x in s; len(s)"
  }

  /// A set's methods, in the order help lists them.
  static let members = MemberTable<SetObject>(
    [
      .method("add", "add(x)", "puts x in the set") { (s, arguments, _) throws(ReplError) in
        try arguments.check("add", positional: 1)
        guard s.count < maximumCollectionSize else {
          throw ReplError("MemoryError", "set is too large")
        }
        try s.insert(arguments.positional[0])
        return RValue.none
      },
      .method("remove", "remove(x)", "takes x out; KeyError when it is not there") {
        (s, arguments, interpreter) throws(ReplError) in
        try arguments.check("remove", positional: 1)
        let x = arguments.positional[0]
        guard try s.delete(x) else { throw ReplError.key(x, repr: interpreter.repr(x)) }
        return RValue.none
      },
      .method("discard", "discard(x)", "takes x out if it is there") {
        (s, arguments, _) throws(ReplError) in
        try arguments.check("discard", positional: 1)
        _ = try s.delete(arguments.positional[0])
        return RValue.none
      },
      .method("update", "update(xs)", "puts every item of xs in the set") {
        (s, arguments, interpreter) throws(ReplError) in
        try arguments.check("update", positional: 1)
        for item in try interpreter.collect(arguments.positional[0]) { try s.insert(item) }
        return RValue.none
      },
      .method("union", "union(xs)", "a new set: the items of either") {
        (s, arguments, interpreter) throws(ReplError) in
        try arguments.check("union", positional: 1)
        let other = try SetObject(try interpreter.collect(arguments.positional[0]))
        return .object(try SetObject(s.elements + other.elements))
      },
      .method("intersection", "intersection(xs)", "a new set: the items of both") {
        (s, arguments, interpreter) throws(ReplError) in
        try arguments.check("intersection", positional: 1)
        let other = try SetObject(try interpreter.collect(arguments.positional[0]))
        return .object(try SetObject(try s.keeping { v throws(ReplError) in try other.has(v) }))
      },
      .method("difference", "difference(xs)", "a new set: the items not in xs") {
        (s, arguments, interpreter) throws(ReplError) in
        try arguments.check("difference", positional: 1)
        let other = try SetObject(try interpreter.collect(arguments.positional[0]))
        return .object(
          try SetObject(try s.keeping { v throws(ReplError) in !(try other.has(v)) }))
      },
      .method("copy", "copy()", "a new set with the same items") {
        (s, arguments, _) throws(ReplError) in
        try arguments.check("copy", positional: 0)
        return .object(try SetObject(s.elements))
      },
      .method("clear", "clear()", "empties the set") { (s, arguments, _) throws(ReplError) in
        try arguments.check("clear", positional: 0)
        s.elements = []
        s.positions = [:]
        return RValue.none
      },
    ])

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
