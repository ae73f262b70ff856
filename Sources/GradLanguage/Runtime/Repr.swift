// How values look: repr (echo at the prompt), str (print) and format specs.

import Foundation
import GradCore

/// Python's repr of a float: shortest text that reads back the same number.
public func floatRepr(_ x: Double) -> String { formatScalar(x) }

/// Python's repr of a string: single quotes unless the text has some and no double quotes.
func stringRepr(_ s: String) -> String {
  let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
  var out = String(quote)
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    default:
      if Character(scalar) == quote {
        out += "\\\(quote)"
      } else if scalar.value < 0x20 || scalar.value == 0x7F {
        out += "\\x" + String(format: "%02x", scalar.value)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  out.append(quote)
  return out
}

/// Nested lists print at most this deep; deeper levels show as `[...]`.
private let maximumReprDepth = 100

extension Interpreter {
  /// The text echoed at the prompt.
  public func repr(_ v: RValue) -> String {
    var inProgress: [ObjectIdentifier] = []
    return repr(v, depth: 0, inProgress: &inProgress)
  }

  private func repr(_ v: RValue, depth: Int, inProgress: inout [ObjectIdentifier]) -> String {
    switch v {
    case .none: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .int(let n): return String(n)
    case .float(let x): return floatRepr(x)
    case .str(let s): return stringRepr(s)
    case .value(let x): return x.description
    case .list(let box):
      let id = ObjectIdentifier(box)
      if inProgress.contains(id) || depth >= maximumReprDepth { return "[...]" }
      inProgress.append(id)
      defer { inProgress.removeLast() }
      return "["
        + box.items.map { repr($0, depth: depth + 1, inProgress: &inProgress) }
        .joined(separator: ", ") + "]"
    case .tuple(let items):
      if depth >= maximumReprDepth { return "(...)" }
      let inner = items.map { repr($0, depth: depth + 1, inProgress: &inProgress) }
      return items.count == 1 ? "(\(inner[0]),)" : "(" + inner.joined(separator: ", ") + ")"
    case .dict(let d):
      let id = ObjectIdentifier(d)
      if inProgress.contains(id) || depth >= maximumReprDepth { return "{...}" }
      inProgress.append(id)
      defer { inProgress.removeLast() }
      var parts: [String] = []
      for (k, value) in zip(d.keys, d.values) {
        parts.append(
          repr(k, depth: depth + 1, inProgress: &inProgress) + ": "
            + repr(value, depth: depth + 1, inProgress: &inProgress))
      }
      return "{" + parts.joined(separator: ", ") + "}"
    case .range(let r):
      return r.step == 1
        ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
    case .function(let f): return "<function \(f.name)>"
    case .builtin(let b): return "<built-in function \(b.name)>"
    case .boundMethod(let receiver, let name):
      return "<bound method \(receiver.typeName).\(name)>"
    case .object(let o):
      if depth >= maximumReprDepth { return "..." }
      if let instance = o as? InstanceObject { return instanceText(instance, useStr: false) }
      if let method = o as? BoundMethodObject, method.receiver.instance != nil {
        // `<bound method Foo.f of Foo(3)>`: the receiver shown by its own __repr__.
        return "<bound method \(method.functionName) of "
          + repr(method.receiver, depth: depth + 1, inProgress: &inProgress) + ">"
      }
      return o.repr(showing: { repr($0, depth: depth + 1, inProgress: &inProgress) })
    }
  }

  /// The text `print` and `str()` show.
  public func str(_ v: RValue) -> String {
    if case .str(let s) = v { return s }
    if case .object(let o) = v {
      if let instance = o as? InstanceObject { return instanceText(instance, useStr: true) }
      return o.str(showing: { repr($0) })
    }
    return repr(v)
  }

  /// Formats `v` for an f-string field or `format()`: `.3f`, `>8`, `,`, `e`, `%`, ...
  func format(_ v: RValue, spec: String, useRepr: Bool = false) throws(ReplError) -> String {
    if useRepr { return try pad(try checkedRepr(v), try FormatSpec(spec), numeric: false) }
    if spec.isEmpty { return try checkedStr(v) }
    if let instance = v.instance,
      let formatted = try callDunder(instance, "__format__", [.str(spec)])
    {
      guard case .str(let text) = formatted else {
        throw ReplError.type("__format__ must return a str, not \(formatted.typeName)")
      }
      return text
    }
    let s = try FormatSpec(spec)
    var number: Double?
    switch v {
    case .int, .float, .bool: number = v.asDouble
    case .value(let x): number = x.data
    default: break
    }
    guard let x = number else {
      guard s.type == nil || s.type == "s" else {
        throw ReplError.value(
          "Unknown format code '\(s.type.map(String.init) ?? "")' for object of type "
            + "'\(v.typeName)'")
      }
      return try pad(try checkedStr(v), s, numeric: false)
    }
    var text: String
    let precision = s.precision
    switch s.type {
    case "f", "F": text = String(format: "%.\(precision ?? 6)f", x)
    case "e", "E": text = String(format: "%.\(precision ?? 6)e", x)
    case "g", "G": text = String(format: "%.\(precision ?? 6)g", x)
    case "%": text = String(format: "%.\(precision ?? 6)f", x * 100) + "%"
    case "d":
      guard let n = v.asInt else {
        throw ReplError.value("Unknown format code 'd' for object of type '\(v.typeName)'")
      }
      text = String(n)
    case "x", "X", "o", "b":
      guard let n = v.asInt, let code = s.type else {
        throw ReplError.value(
          "Unknown format code '\(s.type.map(String.init) ?? "")' for "
            + "object of type '\(v.typeName)'")
      }
      let radix = code == "o" ? 8 : (code == "b" ? 2 : 16)
      let prefix = s.alternate ? "0" + String(code) : ""
      text =
        (n < 0 ? "-" : "") + prefix
        + String(n.magnitude, radix: radix, uppercase: code == "X")
    case nil:
      if let p = precision {
        text = String(format: "%.\(p)g", x)
      } else if let n = v.asInt {
        text = String(n)
      } else {
        text = floatRepr(x)
      }
    default:
      throw ReplError.value("Unknown format code '\(s.type.map(String.init) ?? "")' for a number")
    }
    if s.grouping,
      let dot = text.firstIndex(where: { $0 == "." || $0 == "e" })
        ?? Optional(
          text.endIndex)
    {
      let head = String(text[..<dot])
      let negative = head.hasPrefix("-")
      let digits = Array(negative ? head.dropFirst() : Substring(head))
      var grouped = ""
      for (k, c) in digits.enumerated() {
        if k > 0 && (digits.count - k) % 3 == 0 { grouped.append(",") }
        grouped.append(c)
      }
      text = (negative ? "-" : "") + grouped + text[dot...]
    }
    if s.sign == "+" && x >= 0 { text = "+" + text }
    if s.sign == " " && x >= 0 { text = " " + text }
    return try pad(text, s, numeric: true)
  }

  private func pad(_ text: String, _ s: FormatSpec, numeric: Bool) throws(ReplError) -> String {
    guard let width = s.width, text.count < width else { return text }
    let fill = String(repeating: s.fill, count: width - text.count)
    switch s.align ?? (numeric ? ">" : "<") {
    case "<": return text + fill
    case "^":
      let left = (width - text.count) / 2
      return String(repeating: s.fill, count: left) + text
        + String(repeating: s.fill, count: width - text.count - left)
    case "=":
      if let first = text.first, first == "-" || first == "+" {
        return String(first) + fill + text.dropFirst()
      }
      return fill + text
    default: return fill + text
    }
  }
}

extension Interpreter {
  /// printf-style `'%.3f loss at step %d' % (loss, k)`: each `%[flags][width][.precision]type`
  /// takes the next value (a single non-tuple value is the only one).
  func percentFormat(_ template: String, _ values: RValue) throws(ReplError) -> String {
    let items: [RValue]
    if case .tuple(let t) = values { items = t.array } else { items = [values] }
    var next = 0
    var out = ""
    var chars = Array(template)[...]
    while let c = chars.first {
      chars.removeFirst()
      guard c == "%" else {
        out.append(c)
        continue
      }
      if chars.first == "%" {
        chars.removeFirst()
        out.append("%")
        continue
      }
      var spec = ""
      while let d = chars.first, "-+ 0#.".contains(d) || d.isNumber {
        spec.append(d == "-" ? "<" : d)
        chars.removeFirst()
      }
      guard let type = chars.first else {
        throw ReplError.value("incomplete format")
      }
      chars.removeFirst()
      guard next < items.count else {
        throw ReplError.type("not enough arguments for format string")
      }
      let value = items[next]
      next += 1
      switch type {
      case "s": out += try format(.str(try checkedStr(value)), spec: spec)
      case "r": out += try format(.str(try checkedRepr(value)), spec: spec)
      case "d", "i", "x", "X", "o":
        guard let x = value.asDouble ?? (value.asInt.map(Double.init)) else {
          throw ReplError.type("%\(type) format: a real number is required, not \(value.typeName)")
        }
        guard x.isFinite, let n = Int(exactly: x.rounded(.towardZero)) else {
          throw ReplError.overflow("cannot convert \(floatRepr(x)) to an integer")
        }
        out += try format(.int(n), spec: spec + (type == "i" ? "d" : String(type)))
      case "f", "F", "e", "E", "g", "G":
        var number = value
        if case .value(let v) = value { number = .float(v.data) }
        guard let x = number.asDouble else {
          throw ReplError.type("must be real number, not \(value.typeName)")
        }
        out += try format(.float(x), spec: spec + String(type))
      default:
        throw ReplError.value("unsupported format character '\(type)'")
      }
    }
    guard next == items.count else {
      throw ReplError.type("not all arguments converted during string formatting")
    }
    return out
  }
}

/// Python's format-spec mini-language: `[[fill]align][sign][0][width][,][.precision][type]`.
struct FormatSpec {
  var fill: Character = " "
  var align: Character?
  var sign: Character?
  /// `#`: `0x`, `0o`, `0b` prefixes.
  var alternate = false
  var width: Int?
  var grouping = false
  var precision: Int?
  var type: Character?

  init(_ spec: String) throws(ReplError) {
    var chars = Array(spec)[...]
    let aligns: Set<Character> = ["<", ">", "^", "="]
    if chars.count >= 2, aligns.contains(chars[chars.startIndex + 1]) {
      fill = chars.removeFirst()
      align = chars.removeFirst()
    } else if let c = chars.first, aligns.contains(c) {
      align = chars.removeFirst()
    }
    if let c = chars.first, c == "+" || c == "-" || c == " " { sign = chars.removeFirst() }
    if chars.first == "#" {
      chars.removeFirst()
      alternate = true
    }
    if chars.first == "0" {
      chars.removeFirst()
      fill = "0"
      if align == nil { align = "=" }
    }
    var digits = ""
    while let c = chars.first, c.isASCII, c.isNumber { digits.append(chars.removeFirst()) }
    if !digits.isEmpty { width = Int(digits) }
    if chars.first == "," || chars.first == "_" {
      chars.removeFirst()
      grouping = true
    }
    if chars.first == "." {
      chars.removeFirst()
      var p = ""
      while let c = chars.first, c.isASCII, c.isNumber { p.append(chars.removeFirst()) }
      guard let value = Int(p) else { throw ReplError.value("Format specifier missing precision") }
      precision = min(value, 100)
    }
    if let c = chars.first {
      type = c
      chars.removeFirst()
    }
    guard chars.isEmpty, (width ?? 0) <= 10_000 else {
      throw ReplError.value("Invalid format specifier '\(spec)'")
    }
  }
}
