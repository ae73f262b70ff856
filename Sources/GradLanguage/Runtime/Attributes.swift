// Attributes and methods of the built-in kinds: Value, list, str, dict, functions.

import Foundation
import GradCore

enum BuiltinMembers {
  /// Accepted aliases (micrograd spells the children `_prev` and the op `_op`).
  static let valueAliases: [String: String] = [
    "_prev": "children", "prev": "children",
    "_op": "op",
  ]
  static var list: [String] { listMembers.rows.map(\.name) }
  static var str: [String] { strMembers.rows.map(\.name) }
  static var dict: [String] { dictMembers.rows.map(\.name) }

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
    case .object(let o as InstanceObject):
      if let v = try instanceAttribute(o, name) { return v }
      throw missingAttribute(object, name)
    case .object(let o as ClassObject):
      if let v = classAttribute(o, name) { return v }
      throw missingAttribute(object, name)
    case .object(let o as SuperObject):
      if let v = try superAttribute(o, name) { return v }
      throw missingAttribute(object, name)
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
    case .object(let o as InstanceObject):
      try setInstanceAttribute(o, name, value)
      return
    case .object(let o as ClassObject):
      o.set(name, value)
      return
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
      if let result = try BuiltinMembers.listMembers.call(name, on: box, arguments, in: self) {
        return result
      }
    case .str(let s):
      if let result = try BuiltinMembers.strMembers.call(name, on: s, arguments, in: self) {
        return result
      }
    case .dict(let d):
      if let result = try BuiltinMembers.dictMembers.call(name, on: d, arguments, in: self) {
        return result
      }
    case .object(let o as InstanceObject):
      return try callInstanceMethod(o, name, arguments)
    case .object(let o):
      try checkInterrupt()
      if let result = try o.callMethod(name, arguments, in: self) { return result }
    default: break
    }
    return try call(try attribute(receiver, name), arguments)
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

  /// `"{} {:.2f} {name}".format(...)`.
  func formatMethod(_ template: String, _ arguments: Arguments) throws(ReplError)
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
      var key = pieces.first.map(String.init) ?? ""
      let spec = pieces.count > 1 ? String(pieces[1]) : ""
      // `{!r}` and `{name!s}`: the conversion comes before the spec, after the field name.
      var useRepr = false
      if let bang = key.firstIndex(of: "!") {
        let conversion = key[key.index(after: bang)...]
        guard conversion == "r" || conversion == "s" else {
          throw ReplError.value("Unknown conversion specifier \(conversion)")
        }
        useRepr = conversion == "r"
        key = String(key[..<bang])
      }
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
        guard let v = arguments.keyword(key) else {
          throw ReplError.key(.str(key), repr: "'\(key)'")
        }
        value = v
      }
      out += try format(value, spec: spec, useRepr: useRepr)
    }
    return out
  }

}

extension RValue {
  /// Whether this is `None`.
  public var isNone: Bool {
    if case .none = self { return true }
    return false
  }
}
