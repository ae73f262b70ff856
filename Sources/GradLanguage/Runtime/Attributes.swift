// Attributes and methods of the built-in kinds: Value, list, str, dict, functions.

import Foundation
import GradCore

enum BuiltinMembers {
  /// Accepted aliases (micrograd spells the children `_prev` and the op `_op`).
  static let valueAliases: [String: String] = [
    "_prev": "children", "prev": "children",
    "_op": "op",
  ]
  static let list = [
    "append", "extend", "pop", "insert", "remove", "index", "count", "reverse", "sort", "copy",
    "clear",
  ]
  static let str = [
    "upper", "lower", "strip", "lstrip", "rstrip", "split", "join", "replace", "startswith",
    "endswith", "format", "count", "find",
  ]
  static let dict = ["keys", "values", "items", "get", "pop", "update", "copy"]

  /// Attribute and method names of a value's kind.
  static func names(of v: RValue) -> [String] {
    switch v {
    case .value: return valueMembers.rows.map(\.name)
    case .list: return list
    case .str: return str
    case .dict: return dict
    case .function: return ["__name__", "__doc__"]
    case .object(let o): return o.attributeNames
    default: return []
    }
  }
}

extension Interpreter {
  private func noAttribute(_ v: RValue, _ name: String) -> ReplError {
    var message = "'\(v.typeName)' object has no attribute '\(name)'"
    if let suggestion = closestName(to: name, among: BuiltinMembers.names(of: v)) {
      message += ". Did you mean '\(suggestion)'?"
    }
    return ReplError("AttributeError", message)
  }

  func attribute(_ object: RValue, _ name: String) throws(ReplError) -> RValue {
    switch object {
    case .value(let v):
      let member = BuiltinMembers.valueAliases[name] ?? name
      if let value = try BuiltinMembers.valueMembers.value(member, of: v) { return value }
      if BuiltinMembers.valueMembers.member(named: member) != nil {
        return .boundMethod(receiver: object, name: name)
      }
    case .list:
      if BuiltinMembers.list.contains(name) { return .boundMethod(receiver: object, name: name) }
    case .str:
      if BuiltinMembers.str.contains(name) { return .boundMethod(receiver: object, name: name) }
    case .dict:
      if BuiltinMembers.dict.contains(name) { return .boundMethod(receiver: object, name: name) }
    case .function(let f):
      if name == "__name__" { return .str(f.name) }
      if name == "__doc__" { return f.code.docstring.map(RValue.str) ?? .none }
    case .builtin(let b):
      if name == "__name__" { return .str(b.name) }
      if name == "__doc__" { return .str(b.doc) }
    case .object(let o):
      if let v = try o.attribute(name, in: self) { return v }
      if o.attributeNames.contains(name) { return .boundMethod(receiver: object, name: name) }
    default: break
    }
    throw noAttribute(object, name)
  }

  func setAttribute(_ object: RValue, _ name: String, _ value: RValue) throws(ReplError) {
    switch object {
    case .value(let v):
      if BuiltinMembers.valueAliases[name] != nil
        || BuiltinMembers.valueMembers.member(named: name)?.kind == .attribute
      {
        throw ReplError("AttributeError", "Value.\(name) is read-only")
      }
      if try BuiltinMembers.valueMembers.set(name, on: v, to: value) { return }
    case .object(let o):
      if try o.setAttribute(name, to: value) { return }
    default: break
    }
    if BuiltinMembers.names(of: object).contains(name) {
      throw ReplError(
        "AttributeError",
        "'\(object.typeName)' object attribute '\(name)' is "
          + "read-only")
    }
    throw noAttribute(object, name)
  }

  /// `receiver.name(arguments)`.
  func callMethod(_ receiver: RValue, _ name: String, _ arguments: Arguments) throws(ReplError)
    -> RValue
  {
    switch receiver {
    case .value(let v):
      if let result = try BuiltinMembers.valueMembers.call(name, on: v, arguments, in: self) {
        return result
      }
    case .list(let box):
      if let result = try listMethod(box, name, arguments) { return result }
    case .str(let s):
      if let result = try stringMethod(s, name, arguments) { return result }
    case .dict(let d):
      if let result = try dictMethod(d, name, arguments) { return result }
    case .object(let o):
      try checkInterrupt()
      if let result = try o.callMethod(name, arguments, in: self) { return result }
    default: break
    }
    return try call(try attribute(receiver, name), arguments)
  }

  private func listMethod(_ box: ListBox, _ name: String, _ arguments: Arguments)
    throws(ReplError) -> RValue?
  {
    let a = arguments.positional
    switch name {
    case "append":
      try arguments.check("append", positional: 1)
      guard box.items.count < maximumCollectionSize else {
        throw ReplError("MemoryError", "list is too large")
      }
      box.items.append(a[0])
    case "extend":
      try arguments.check("extend", positional: 1)
      let more = try collect(a[0])
      guard box.items.count + more.count <= maximumCollectionSize else {
        throw ReplError("MemoryError", "list would be too large")
      }
      box.items += more
    case "pop":
      try arguments.check("pop", positional: 0, 1)
      guard !box.items.isEmpty else { throw ReplError.index("pop from empty list") }
      let i =
        try a.first.map { (x) throws(ReplError) in
          try normalizedIndex(x, count: box.items.count, kind: "pop")
        } ?? box.items.count - 1
      return box.items.remove(at: i)
    case "insert":
      try arguments.check("insert", positional: 2)
      guard let i = a[0].asInt else { throw ReplError.type("insert() index must be an integer") }
      let n = box.items.count
      box.items.insert(a[1], at: max(0, min(n, i < 0 ? i + n : i)))
    case "remove":
      try arguments.check("remove", positional: 1)
      for (k, x) in box.items.enumerated() {
        if try equals(x, a[0]) {
          box.items.remove(at: k)
          return RValue.none
        }
      }
      throw ReplError.value("list.remove(x): x not in list")
    case "index":
      try arguments.check("index", positional: 1)
      for (k, x) in box.items.enumerated() {
        if try equals(x, a[0]) { return .int(k) }
      }
      throw ReplError.value("\(repr(a[0])) is not in list")
    case "count":
      try arguments.check("count", positional: 1)
      var n = 0
      for x in box.items {
        if try equals(x, a[0]) { n += 1 }
      }
      return .int(n)
    case "reverse":
      try arguments.check("reverse", positional: 0)
      box.items.reverse()
    case "sort":
      try arguments.check("sort", positional: 0, keywords: ["key", "reverse"])
      box.items = try sorted(
        box.items, key: arguments.keyword("key"),
        reverse: arguments.keyword("reverse")?.isTruthy ?? false)
    case "copy":
      try arguments.check("copy", positional: 0)
      return .list(ListBox(box.items))
    case "clear":
      try arguments.check("clear", positional: 0)
      box.items = []
    default: return nil
    }
    return RValue.none
  }

  /// A stable sort by `key` (a function) or by the items themselves.
  func sorted(_ items: [RValue], key: RValue?, reverse: Bool) throws(ReplError) -> [RValue] {
    var keys = items
    if let key, !(key.isNone) {
      keys = []
      for item in items { keys.append(try call(key, Arguments([item]))) }
    }
    var order = Array(items.indices)
    var failure: ReplError?
    // Merge sort by hand: the comparison can throw, which sort(by:) does not allow.
    func less(_ i: Int, _ j: Int) -> Bool {
      if failure != nil { return false }
      do { return try compare(.less, keys[i], keys[j]) } catch {
        failure = error
        return false
      }
    }
    order.sort { reverse ? less($1, $0) : less($0, $1) }
    if let failure { throw failure }
    return order.map { items[$0] }
  }

  private func stringMethod(_ s: String, _ name: String, _ arguments: Arguments)
    throws(ReplError) -> RValue?
  {
    let a = arguments.positional
    func text(_ k: Int) throws(ReplError) -> String {
      guard k < a.count, case .str(let t) = a[k] else {
        throw ReplError.type("\(name)() argument must be str")
      }
      return t
    }
    switch name {
    case "upper": return .str(s.uppercased())
    case "lower": return .str(s.lowercased())
    case "strip": return .str(s.trimmingCharacters(in: .whitespacesAndNewlines))
    case "lstrip": return .str(String(s.drop(while: { $0.isWhitespace })))
    case "rstrip":
      return .str(String(s.reversed().drop(while: { $0.isWhitespace }).reversed()))
    case "split":
      if a.isEmpty {
        return .list(
          ListBox(
            s.split(whereSeparator: { $0.isWhitespace }).map {
              .str(String($0))
            }))
      }
      let separator = try text(0)
      guard !separator.isEmpty else { throw ReplError.value("empty separator") }
      return .list(ListBox(s.components(separatedBy: separator).map(RValue.str)))
    case "join":
      try arguments.check("join", positional: 1)
      var parts: [String] = []
      for item in try collect(a[0]) {
        guard case .str(let t) = item else {
          throw ReplError.type("sequence item: expected str instance, \(item.typeName) found")
        }
        parts.append(t)
      }
      return .str(parts.joined(separator: s))
    case "replace":
      try arguments.check("replace", positional: 2)
      return .str(s.replacingOccurrences(of: try text(0), with: try text(1)))
    case "startswith": return .bool(s.hasPrefix(try text(0)))
    case "endswith": return .bool(s.hasSuffix(try text(0)))
    case "count":
      let part = try text(0)
      return .int(part.isEmpty ? s.count + 1 : s.components(separatedBy: part).count - 1)
    case "find":
      guard let r = s.range(of: try text(0)) else { return .int(-1) }
      return .int(s.distance(from: s.startIndex, to: r.lowerBound))
    case "format": return .str(try formatMethod(s, arguments))
    default: return nil
    }
  }

  /// `"{} {:.2f} {name}".format(...)`.
  private func formatMethod(_ template: String, _ arguments: Arguments) throws(ReplError)
    -> String
  {
    var out = ""
    var chars = Array(template)[...]
    var automatic = 0
    while let c = chars.first {
      chars.removeFirst()
      if c == "{" && chars.first == "{" || c == "}" && chars.first == "}" {
        chars.removeFirst()
        out.append(c)
        continue
      }
      guard c == "{" else {
        out.append(c)
        continue
      }
      var field = ""
      while let d = chars.first, d != "}" { field.append(chars.removeFirst()) }
      guard chars.first == "}" else {
        throw ReplError.value("Single '{' encountered in format string")
      }
      chars.removeFirst()
      let pieces = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      let key = pieces.first.map(String.init) ?? ""
      let spec = pieces.count > 1 ? String(pieces[1]) : ""
      let value: RValue
      if key.isEmpty {
        guard automatic < arguments.positional.count else {
          throw ReplError.index("Replacement index \(automatic) out of range for positional args")
        }
        value = arguments.positional[automatic]
        automatic += 1
      } else if let k = Int(key) {
        guard k >= 0, k < arguments.positional.count else {
          throw ReplError.index("Replacement index \(k) out of range for positional args")
        }
        value = arguments.positional[k]
      } else {
        guard let v = arguments.keyword(key) else { throw ReplError("KeyError", "'\(key)'") }
        value = v
      }
      out += try format(value, spec: spec)
    }
    return out
  }

  private func dictMethod(_ d: DictBox, _ name: String, _ arguments: Arguments)
    throws(ReplError) -> RValue?
  {
    let a = arguments.positional
    switch name {
    case "keys": return .list(ListBox(d.keys))
    case "values": return .list(ListBox(d.values))
    case "items":
      return .list(ListBox(zip(d.keys, d.values).map { .tuple([$0, $1]) }))
    case "get":
      try arguments.check("get", positional: 1, 2)
      return try d.get(a[0]) ?? (a.count > 1 ? a[1] : .none)
    case "pop":
      try arguments.check("pop", positional: 1, 2)
      if let v = try d.remove(a[0]) { return v }
      if a.count > 1 { return a[1] }
      throw ReplError("KeyError", repr(a[0]))
    case "update":
      try arguments.check("update", positional: 1)
      guard case .dict(let other) = a[0] else {
        throw ReplError.type("update() argument must be a dict")
      }
      for (k, v) in zip(other.keys, other.values) { try d.set(k, v) }
      return RValue.none
    case "copy":
      let copy = DictBox()
      for (k, v) in zip(d.keys, d.values) { try copy.set(k, v) }
      return .dict(copy)
    default: return nil
    }
  }
}

extension RValue {
  /// Whether this is `None`.
  public var isNone: Bool {
    if case .none = self { return true }
    return false
  }
}
