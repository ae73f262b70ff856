// The methods of lists, strings and dicts, one table each. Calls go through
// them, and so do the names completion and did-you-mean use and the lists
// `help([])`, `help('')` and `help({})` print.

import Foundation

extension BuiltinMembers {
  /// A list's methods, in the order help lists them.
  static let listMembers = MemberTable<ListBox>([
    .method("append", "append(x)", "adds x at the end") { (box, arguments, _) throws(ReplError) in
      try arguments.check("append", positional: 1)
      guard box.items.count < maximumCollectionSize else {
        throw ReplError("MemoryError", "list is too large")
      }
      box.items.append(arguments.positional[0])
      return RValue.none
    },
    .method("extend", "extend(xs)", "adds every item of xs at the end") {
      (box, arguments, interpreter) throws(ReplError) in
      try arguments.check("extend", positional: 1)
      let more = try interpreter.collect(arguments.positional[0])
      guard box.items.count + more.count <= maximumCollectionSize else {
        throw ReplError("MemoryError", "list would be too large")
      }
      box.items += more
      return RValue.none
    },
    .method("pop", "pop(i=-1)", "removes and returns the item at i") {
      (box, arguments, interpreter) throws(ReplError) in
      try arguments.check("pop", positional: 0, 1)
      guard !box.items.isEmpty else { throw ReplError.index("pop from empty list") }
      let i =
        try arguments.positional.first.map { (x) throws(ReplError) in
          try interpreter.normalizedIndex(x, count: box.items.count, kind: "pop")
        } ?? box.items.count - 1
      return box.items.remove(at: i)
    },
    .method("insert", "insert(i, x)", "puts x before position i") {
      (box, arguments, _) throws(ReplError) in
      try arguments.check("insert", positional: 2)
      let a = arguments.positional
      guard let i = a[0].asInt else { throw ReplError.type("insert() index must be an integer") }
      let n = box.items.count
      box.items.insert(a[1], at: max(0, min(n, i < 0 ? i + n : i)))
      return RValue.none
    },
    .method("remove", "remove(x)", "removes the first item equal to x") {
      (box, arguments, interpreter) throws(ReplError) in
      try arguments.check("remove", positional: 1)
      for (k, x) in box.items.enumerated() {
        if try interpreter.equals(x, arguments.positional[0]) {
          box.items.remove(at: k)
          return RValue.none
        }
      }
      throw ReplError.value("list.remove(x): x not in list")
    },
    .method("index", "index(x)", "the position of the first item equal to x") {
      (box, arguments, interpreter) throws(ReplError) in
      try arguments.check("index", positional: 1)
      for (k, x) in box.items.enumerated() {
        if try interpreter.equals(x, arguments.positional[0]) { return .int(k) }
      }
      throw ReplError.value("\(interpreter.repr(arguments.positional[0])) is not in list")
    },
    .method("count", "count(x)", "how many items equal x") {
      (box, arguments, interpreter) throws(ReplError) in
      try arguments.check("count", positional: 1)
      var n = 0
      for x in box.items {
        if try interpreter.equals(x, arguments.positional[0]) { n += 1 }
      }
      return .int(n)
    },
    .method("reverse", "reverse()", "reverses the list in place") {
      (box, arguments, _) throws(ReplError) in
      try arguments.check("reverse", positional: 0)
      box.items.reverse()
      return RValue.none
    },
    .method("sort", "sort(key=None, reverse=False)", "sorts the list in place, stably") {
      (box, arguments, interpreter) throws(ReplError) in
      try arguments.check("sort", positional: 0, keywords: ["key", "reverse"])
      box.items = try interpreter.sorted(
        box.items, key: arguments.keyword("key"),
        reverse: arguments.keyword("reverse")?.isTruthy ?? false)
      return RValue.none
    },
    .method("copy", "copy()", "a new list with the same items") {
      (box, arguments, _) throws(ReplError) in
      try arguments.check("copy", positional: 0)
      return .list(ListBox(box.items))
    },
    .method("clear", "clear()", "empties the list") { (box, arguments, _) throws(ReplError) in
      try arguments.check("clear", positional: 0)
      box.items = []
      return RValue.none
    },
  ])

  /// A string's methods, in the order help lists them.
  static let strMembers = MemberTable<String>([
    .method("upper", "upper()", "in capitals") { (s, _, _) in .str(s.uppercased()) },
    .method("lower", "lower()", "in small letters") { (s, _, _) in .str(s.lowercased()) },
    .method("strip", "strip()", "without white space at either end") { (s, _, _) in
      .str(s.trimmingCharacters(in: .whitespacesAndNewlines))
    },
    .method("lstrip", "lstrip()", "without white space at the start") { (s, _, _) in
      .str(String(s.drop(while: { $0.isWhitespace })))
    },
    .method("rstrip", "rstrip()", "without white space at the end") { (s, _, _) in
      .str(String(s.reversed().drop(while: { $0.isWhitespace }).reversed()))
    },
    .method("split", "split(sep=None)", "the words (or the pieces between sep)") {
      (s, arguments, _) throws(ReplError) in
      if arguments.positional.isEmpty {
        return .list(ListBox(s.split(whereSeparator: { $0.isWhitespace }).map { .str(String($0)) }))
      }
      let separator = try stringArgument(arguments, 0, "split")
      guard !separator.isEmpty else { throw ReplError.value("empty separator") }
      return .list(ListBox(s.components(separatedBy: separator).map(RValue.str)))
    },
    .method("join", "join(xs)", "the strings of xs with this one between them") {
      (s, arguments, interpreter) throws(ReplError) in
      try arguments.check("join", positional: 1)
      var parts: [String] = []
      for item in try interpreter.collect(arguments.positional[0]) {
        guard case .str(let t) = item else {
          throw ReplError.type("sequence item: expected str instance, \(item.typeName) found")
        }
        parts.append(t)
      }
      return .str(parts.joined(separator: s))
    },
    .method("replace", "replace(old, new)", "every old replaced by new") {
      (s, arguments, _) throws(ReplError) in
      try arguments.check("replace", positional: 2)
      return .str(
        s.replacingOccurrences(
          of: try stringArgument(arguments, 0, "replace"),
          with: try stringArgument(arguments, 1, "replace")))
    },
    .method("startswith", "startswith(prefix)", "whether it begins with prefix") {
      (s, arguments, _) throws(ReplError) in
      .bool(s.hasPrefix(try stringArgument(arguments, 0, "startswith")))
    },
    .method("endswith", "endswith(suffix)", "whether it ends with suffix") {
      (s, arguments, _) throws(ReplError) in
      .bool(s.hasSuffix(try stringArgument(arguments, 0, "endswith")))
    },
    .method("format", "format(*args, **kwargs)", "the {} fields filled in") {
      (s, arguments, interpreter) throws(ReplError) in
      .str(try interpreter.formatMethod(s, arguments))
    },
    .method("count", "count(part)", "how many times part occurs") {
      (s, arguments, _) throws(ReplError) in
      let part = try stringArgument(arguments, 0, "count")
      return .int(part.isEmpty ? s.count + 1 : s.components(separatedBy: part).count - 1)
    },
    .method("index", "index(part)", "where part first occurs; ValueError when it does not") {
      (s, arguments, _) throws(ReplError) in
      guard let r = s.range(of: try stringArgument(arguments, 0, "index")) else {
        throw ReplError.value("substring not found")
      }
      return .int(s.distance(from: s.startIndex, to: r.lowerBound))
    },
    .method("find", "find(part)", "where part first occurs, or -1") {
      (s, arguments, _) throws(ReplError) in
      guard let r = s.range(of: try stringArgument(arguments, 0, "find")) else { return .int(-1) }
      return .int(s.distance(from: s.startIndex, to: r.lowerBound))
    },
  ])

  /// A dict's methods, in the order help lists them.
  static let dictMembers = MemberTable<DictBox>([
    .method("keys", "keys()", "the keys, in insertion order") { (d, _, _) throws(ReplError) in
      .list(ListBox(d.keys))
    },
    .method("values", "values()", "the values, in insertion order") {
      (d, _, _) throws(ReplError) in .list(ListBox(d.values))
    },
    .method("items", "items()", "(key, value) pairs") { (d, _, _) throws(ReplError) in
      .list(ListBox(zip(d.keys, d.values).map { .tuple([$0, $1]) }))
    },
    .method("get", "get(key, default=None)", "the value under key, or default") {
      (d, arguments, _) throws(ReplError) in
      try arguments.check("get", positional: 1, 2)
      let a = arguments.positional
      return try d.get(a[0]) ?? (a.count > 1 ? a[1] : .none)
    },
    .method("pop", "pop(key, default)", "removes and returns the value under key") {
      (d, arguments, interpreter) throws(ReplError) in
      try arguments.check("pop", positional: 1, 2)
      let a = arguments.positional
      if let v = try d.remove(a[0]) { return v }
      if a.count > 1 { return a[1] }
      throw ReplError.key(a[0], repr: interpreter.repr(a[0]))
    },
    .method("update", "update(other)", "every key of other set to its value") {
      (d, arguments, _) throws(ReplError) in
      try arguments.check("update", positional: 1)
      guard case .dict(let other) = arguments.positional[0] else {
        throw ReplError.type("update() argument must be a dict")
      }
      for (k, v) in zip(other.keys, other.values) { try d.set(k, v) }
      return RValue.none
    },
    .method("copy", "copy()", "a new dict with the same keys and values") {
      (d, _, _) throws(ReplError) in
      let copy = DictBox()
      for (k, v) in zip(d.keys, d.values) { try copy.set(k, v) }
      return .dict(copy)
    },
  ])

  /// Positional argument `k` of a string method, which must be a str.
  private static func stringArgument(_ arguments: Arguments, _ k: Int, _ name: String)
    throws(ReplError) -> String
  {
    guard k < arguments.positional.count, case .str(let t) = arguments.positional[k] else {
      throw ReplError.type("\(name)() argument must be str")
    }
    return t
  }
}
