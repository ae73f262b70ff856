// Python's everyday built-ins: print, range, len, zip, sum, min, max, ...

import Foundation
import GradCore

enum CoreBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "print", signature: "print(*values, sep=' ', end='\\n')",
      doc: "Writes the values, separated by sep and followed by end."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("print", positional: 0, Int.max, keywords: ["sep", "end"])
      let sep = try optionalString(args.keyword("sep"), "sep") ?? " "
      let end = try optionalString(args.keyword("end"), "end") ?? "\n"
      var parts: [String] = []
      for value in args.positional { parts.append(try interpreter.checkedStr(value)) }
      interpreter.write(parts.joined(separator: sep) + end)
      return .none
    }
    table.add(
      "range", signature: "range(stop) or range(start, stop, step=1)",
      doc: "The integers from start up to (not including) stop, counting by step."
    ) { (args, _) throws(ReplError) in
      try args.check("range", positional: 1, 3)
      var numbers: [Int] = []
      for a in args.positional { numbers.append(try a.integer(for: "range")) }
      let (start, stop, step) =
        numbers.count == 1
        ? (0, numbers[0], 1) : (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 1)
      guard step != 0 else { throw ReplError.value("range() arg 3 must not be zero") }
      return .range(RangeValue(start: start, stop: stop, step: step))
    }
    table.add(
      "len", signature: "len(x)", doc: "The number of items in a list, tuple, str, dict or range."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("len", positional: 1)
      switch args.positional[0] {
      case .list(let l): return .int(l.items.count)
      case .tuple(let t): return .int(t.count)
      case .str(let s): return .int(s.count)
      case .dict(let d): return .int(d.count)
      case .range(let r): return .int(r.count)
      case .object(let o as InstanceObject): return .int(try interpreter.instanceLength(o))
      case .object(let o):
        if let n = o.length { return .int(n) }
      default: break
      }
      throw ReplError.type("object of type '\(args.positional[0].typeName)' has no len()")
    }
    table.add(
      "zip", signature: "zip(*iterables)",
      doc: "Tuples of the i-th items of each iterable, as long as the shortest."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("zip", positional: 0, Int.max)
      // In lockstep, stopping at the first that ends, so one infinite generator is fine.
      var iterators: [RIterator] = []
      for a in args.positional { iterators.append(try interpreter.makeIterator(a)) }
      var tuples: [RValue] = []
      guard !iterators.isEmpty else { return .list(ListBox([])) }
      while true {
        var row: [RValue] = []
        for k in iterators.indices {
          guard let item = try iterators[k].next() else { return .list(ListBox(tuples)) }
          row.append(item)
        }
        guard tuples.count < maximumCollectionSize else {
          throw ReplError(
            "MemoryError", "zip() would make more than \(maximumCollectionSize) items")
        }
        tuples.append(.tuple(TupleItems(row)))
      }
    }
    table.add(
      "enumerate", signature: "enumerate(iterable, start=0)",
      doc: "Pairs (index, item) for each item."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("enumerate", positional: 1, 2, keywords: ["start"])
      let start = try args.argument(1, "start")?.integer(for: "enumerate") ?? 0
      if interpreter.isLazy(args.positional[0]) {
        return try interpreter.lazyEnumerate(args.positional[0], start: start)
      }
      let items = try interpreter.collect(args.positional[0])
      return .list(
        ListBox(items.enumerated().map { .tuple([.int(start &+ $0.offset), $0.element]) }))
    }
    table.add(
      "sum", signature: "sum(iterable, start=0)",
      doc: "start + the items, added left to right (works for numbers and Values)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("sum", positional: 1, 2, keywords: ["start"])
      var total = args.argument(1, "start") ?? .int(0)
      var iterator = try interpreter.makeIterator(args.positional[0])
      while let item = try iterator.next() {
        try interpreter.checkInterrupt()
        total = try interpreter.binary(.add, total, item)
      }
      return total
    }
    for (name, wantsLess) in [("min", true), ("max", false)] {
      table.add(
        name, signature: "\(name)(iterable, key=None) or \(name)(a, b, ...)",
        doc: "The \(wantsLess ? "smallest" : "largest") item."
      ) { (args, interpreter) throws(ReplError) in
        try args.check(name, positional: 1, Int.max, keywords: ["key", "default"])
        let items =
          args.positional.count == 1
          ? try interpreter.collect(args.positional[0]) : args.positional
        guard var best = items.first else {
          if let d = args.keyword("default") { return d }
          throw ReplError.value("\(name)() arg is an empty sequence")
        }
        let key = args.keyword("key")
        func keyed(_ v: RValue) throws(ReplError) -> RValue {
          guard let key, !key.isNone else { return v }
          return try interpreter.call(key, Arguments([v]))
        }
        var bestKey = try keyed(best)
        for item in items.dropFirst() {
          let k = try keyed(item)
          if try interpreter.compare(wantsLess ? .less : .greater, k, bestKey) {
            best = item
            bestKey = k
          }
        }
        return best
      }
    }
    table.add("abs", signature: "abs(x)", doc: "The absolute value.") {
      (args, interpreter) throws(ReplError) in
      try args.check("abs", positional: 1)
      switch args.positional[0] {
      case .int(let n):
        if n == Int.min { throw ReplError.overflow("abs() of the smallest int does not fit") }
        return .int(abs(n))
      case .float(let x): return .float(abs(x))
      case .bool(let b): return .int(b ? 1 : 0)
      case .object(let o as InstanceObject):
        if let r = try interpreter.callDunder(o, "__abs__", []) { return r }
        throw ReplError.type("bad operand type for abs(): '\(o.typeName)'")
      case .value(let v):
        guard v.data < 0 else { return .value(v) }
        let negated: Value = -v
        return .value(negated)
      default:
        throw ReplError.type("bad operand type for abs(): '\(args.positional[0].typeName)'")
      }
    }
    table.add(
      "round", signature: "round(x, ndigits=None)",
      doc: "x rounded to ndigits decimals (halves to even); an int when ndigits is omitted."
    ) { (args, _) throws(ReplError) in
      try args.check("round", positional: 1, 2, keywords: ["ndigits"])
      let digits = args.argument(1, "ndigits")
      if case .int(let n) = args.positional[0], digits == nil || digits?.isNone == true {
        return .int(n)
      }
      let x = try args.positional[0].number(for: "round")
      guard let digits, !digits.isNone else {
        let r = x.rounded(.toNearestOrEven)
        guard r.isFinite, let n = Int(exactly: r) else {
          throw ReplError.overflow("cannot convert \(floatRepr(x)) to an integer")
        }
        return .int(n)
      }
      let d = try digits.integer(for: "round")
      guard x.isFinite else { return .float(x) }
      if d >= 0 {
        // Round the exact binary value, as Python does: 2.675 is really 2.67499…, so 2.67.
        return .float(Double(String(format: "%.\(min(d, 340))f", x)) ?? x)
      }
      let scale = Foundation.pow(10.0, Double(min(-d, 308)))
      return .float((x / scale).rounded(.toNearestOrEven) * scale)
    }
    table.add(
      "float", signature: "float(x=0)", doc: "x as a float (numbers, numeric strings, Values)."
    ) { (args, _) throws(ReplError) in
      try args.check("float", positional: 0, 1)
      guard let x = args.positional.first else { return .float(0) }
      switch x {
      case .str(let s):
        let t = s.trimmingCharacters(in: .whitespaces).lowercased()
        let special: [String: Double] = [
          "inf": .infinity, "+inf": .infinity, "-inf": -.infinity, "infinity": .infinity,
          "nan": .nan,
        ]
        if let v = special[t] ?? Double(t) { return .float(v) }
        throw ReplError.value("could not convert string to float: \(stringRepr(s))")
      case .value(let v): return .float(v.data)
      default: return .float(try x.number(for: "float"))
      }
    }
    table.add(
      "int", signature: "int(x=0)", doc: "x as an int (floats truncate toward zero)."
    ) { (args, _) throws(ReplError) in
      try args.check("int", positional: 0, 1)
      guard let x = args.positional.first else { return .int(0) }
      switch x {
      case .int, .bool: return .int(x.asInt ?? 0)
      case .float(let f):
        guard f.isFinite else {
          throw ReplError.value("cannot convert float \(floatRepr(f)) to integer")
        }
        guard let n = Int(exactly: f.rounded(.towardZero)) else {
          throw ReplError.overflow("float \(floatRepr(f)) is too large for a 64-bit int")
        }
        return .int(n)
      case .str(let s):
        guard let n = Int(s.trimmingCharacters(in: .whitespaces)) else {
          throw ReplError.value("invalid literal for int() with base 10: \(stringRepr(s))")
        }
        return .int(n)
      default:
        throw ReplError.type("int() argument must be a string or a number, not '\(x.typeName)'")
      }
    }
    table.add("str", signature: "str(x='')", doc: "x as text, as print shows it.") {
      (args, interpreter) throws(ReplError) in
      try args.check("str", positional: 0, 1)
      guard let x = args.positional.first else { return .str("") }
      return .str(try interpreter.checkedStr(x))
    }
    table.add("repr", signature: "repr(x)", doc: "x as text, as the prompt echoes it.") {
      (args, interpreter) throws(ReplError) in
      try args.check("repr", positional: 1)
      return .str(try interpreter.checkedRepr(args.positional[0]))
    }
    table.add("bool", signature: "bool(x=False)", doc: "Whether x is truthy.") {
      (args, interpreter) throws(ReplError) in
      try args.check("bool", positional: 0, 1)
      guard let x = args.positional.first else { return .bool(false) }
      return .bool(try interpreter.truthy(x))
    }
    table.add("list", signature: "list(iterable=())", doc: "A new list of the items.") {
      (args, interpreter) throws(ReplError) in
      try args.check("list", positional: 0, 1)
      return .list(ListBox(try args.positional.first.map(interpreter.collect) ?? []))
    }
    table.add("tuple", signature: "tuple(iterable=())", doc: "A tuple of the items.") {
      (args, interpreter) throws(ReplError) in
      try args.check("tuple", positional: 0, 1)
      return .tuple(TupleItems(try args.positional.first.map(interpreter.collect) ?? []))
    }
    table.add(
      "dict", signature: "dict(pairs=(), **keywords)", doc: "A new dict from (key, value) pairs."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("dict", positional: 0, 1, keywords: Set(args.keywords.map(\.name)))
      let d = DictBox()
      if let source = args.positional.first {
        if case .dict(let other) = source {
          for (k, v) in zip(other.keys, other.values) { try d.set(k, v) }
        } else {
          for pair in try interpreter.collect(source) {
            let kv = try interpreter.collect(pair)
            guard kv.count == 2 else {
              throw ReplError.value(
                "dictionary update sequence element has length \(kv.count); "
                  + "2 is required")
            }
            try d.set(kv[0], kv[1])
          }
        }
      }
      for (k, v) in args.keywords { try d.set(.str(k), v) }
      return .dict(d)
    }
    table.add(
      "sorted", signature: "sorted(iterable, key=None, reverse=False)",
      doc: "A new sorted list."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("sorted", positional: 1, keywords: ["key", "reverse"])
      return .list(
        ListBox(
          try interpreter.sorted(
            try interpreter.collect(args.positional[0]), key: args.keyword("key"),
            reverse: args.keyword("reverse")?.isTruthy ?? false)))
    }
    table.add("reversed", signature: "reversed(sequence)", doc: "The items in reverse order.") {
      (args, interpreter) throws(ReplError) in
      try args.check("reversed", positional: 1)
      return .list(ListBox(try interpreter.collect(args.positional[0]).reversed()))
    }
    for (name, wantsAll) in [("any", false), ("all", true)] {
      table.add(
        name, signature: "\(name)(iterable)",
        doc: wantsAll ? "Whether every item is truthy." : "Whether some item is truthy."
      ) { (args, interpreter) throws(ReplError) in
        try args.check(name, positional: 1)
        var iterator = try interpreter.makeIterator(args.positional[0])
        while let item = try iterator.next() {
          if try interpreter.truthy(item) != wantsAll { return .bool(!wantsAll) }
        }
        return .bool(wantsAll)
      }
    }
    table.add(
      "map", signature: "map(function, iterable, ...)",
      doc: "A list of function applied to each item (or to the i-th items of several)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("map", positional: 2, Int.max)
      if args.positional.dropFirst().contains(where: interpreter.isLazy) {
        return try interpreter.lazyMap(args.positional[0], Array(args.positional.dropFirst()))
      }
      var lists: [[RValue]] = []
      for a in args.positional.dropFirst() { lists.append(try interpreter.collect(a)) }
      let n = lists.map(\.count).min() ?? 0
      var out: [RValue] = []
      for i in 0..<n {
        out.append(try interpreter.call(args.positional[0], Arguments(lists.map { $0[i] })))
      }
      return .list(ListBox(out))
    }
    table.add(
      "filter", signature: "filter(function, iterable)",
      doc: "The items for which function(item) is truthy (None: the truthy items)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("filter", positional: 2)
      if interpreter.isLazy(args.positional[1]) {
        return try interpreter.lazyFilter(args.positional[0], args.positional[1])
      }
      var out: [RValue] = []
      for item in try interpreter.collect(args.positional[1]) {
        let keep =
          args.positional[0].isNone
          ? try interpreter.truthy(item)
          : try interpreter.truthy(try interpreter.call(args.positional[0], Arguments([item])))
        if keep { out.append(item) }
      }
      return .list(ListBox(out))
    }
    table.add(
      "isinstance", signature: "isinstance(x, type)",
      doc: "Whether x is of the type (or of one in a tuple of types): int, float, str, list, "
        + "Value, MLP, an exception kind, ..."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("isinstance", positional: 2)
      return .bool(try interpreter.isInstance(args.positional[0], of: args.positional[1]))
    }
    table.add("type", signature: "type(x)", doc: "The type of x (an instance's class).") {
      (args, _) throws(ReplError) in
      try args.check("type", positional: 1)
      if let instance = args.positional[0].instance { return .object(instance.cls) }
      if case .object(let e as ExceptionObject) = args.positional[0] {
        return .object(ExceptionType(name: e.kind))
      }
      if case .object(let o) = args.positional[0] {
        return .object(TypeObject(name: o.typeName, qualifiedName: o.qualifiedTypeName))
      }
      return .object(TypeObject(name: args.positional[0].typeName))
    }
    table.add(
      "help", signature: "help(x)", doc: "Explains a value, a function or a built-in."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("help", positional: 0, 1)
      guard let x = args.positional.first else {
        interpreter.write(
          "Type :help for the commands, help(x) or ?x to explain x (a variable or "
            + "built-in), :vars for your variables.\n")
        return .none
      }
      interpreter.write(interpreter.helpText(for: x) + "\n")
      return .none
    }
    table.add(
      "slice", signature: "slice(stop) or slice(start, stop, step=None)",
      doc: "What x[start:stop:step] passes to __getitem__; isinstance(i, slice) tells it apart."
    ) { (args, _) throws(ReplError) in
      try args.check("slice", positional: 1, 3)
      let p = args.positional
      if p.count == 1 { return .object(SliceObject(lower: .none, upper: p[0], step: .none)) }
      return .object(SliceObject(lower: p[0], upper: p[1], step: p.count > 2 ? p[2] : .none))
    }
    table.add("math", value: .object(mathModule()))
    table.add("time", value: .object(TimeModule.make()))
    table.add("Ellipsis", value: .object(EllipsisObject.shared))
  }

  private static func optionalString(_ v: RValue?, _ name: String) throws(ReplError) -> String? {
    guard let v, !v.isNone else { return nil }
    guard case .str(let s) = v else {
      throw ReplError.type("\(name) must be None or a string, not \(v.typeName)")
    }
    return s
  }

  private static func mathModule() -> ModuleObject {
    var members: [String: RValue] = [
      "pi": .float(Double.pi), "e": .float(M_E),
      "inf": .float(.infinity), "nan": .float(.nan),
    ]
    let functions: [(String, String, (Double) -> Double, (Double) -> Bool)] = [
      ("sqrt", "The square root.", { $0.squareRoot() }, { $0 >= 0 }),
      ("exp", "e to the power x.", { Foundation.exp($0) }, { _ in true }),
      ("log", "The natural logarithm.", { Foundation.log($0) }, { $0 > 0 }),
      ("sin", "The sine (radians).", { Foundation.sin($0) }, { _ in true }),
      ("cos", "The cosine (radians).", { Foundation.cos($0) }, { _ in true }),
      ("tanh", "The hyperbolic tangent.", { Foundation.tanh($0) }, { _ in true }),
    ]
    for (name, doc, f, inDomain) in functions {
      members[name] = .builtin(
        BuiltinFunction(name, signature: "\(name)(x)", doc: doc) { (args, _) throws(ReplError) in
          try args.check(name, positional: 1)
          let x = try args.positional[0].number(for: name)
          guard inDomain(x) else { throw ReplError.value("math domain error") }
          return .float(f(x))
        })
    }
    // floor and ceil give ints, as in Python 3 (an int stays itself; inf and nan cannot).
    let rounding: [(String, String, FloatingPointRoundingRule)] = [
      ("floor", "The largest integer ≤ x, as an int.", .down),
      ("ceil", "The smallest integer ≥ x, as an int.", .up),
    ]
    for (name, doc, rule) in rounding {
      members[name] = .builtin(
        BuiltinFunction(name, signature: "\(name)(x)", doc: doc) { (args, _) throws(ReplError) in
          try args.check(name, positional: 1)
          if case .int(let n) = args.positional[0] { return .int(n) }
          let x = try args.positional[0].number(for: name).rounded(rule)
          guard x.isFinite else {
            throw ReplError(
              x.isNaN ? "ValueError" : "OverflowError",
              x.isNaN
                ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer"
            )
          }
          guard let n = Int(exactly: x) else {
            throw ReplError.overflow("\(name)() result does not fit in a 64-bit int")
          }
          return .int(n)
        })
    }
    return ModuleObject(name: "math", doc: "Functions of plain numbers.", members: members)
  }
}

/// What `type(x)` returns.
public final class TypeObject: RuntimeObject {
  /// The type's name: `int`, `Tensor`.
  public let name: String
  /// What calling the type makes (`nn.Parameter(t)`); nil for types that are only names.
  private let construct: ((Arguments, Interpreter) throws(ReplError) -> RValue)?
  /// How the repr names the type: `torch.nn.Parameter`; `name` when nil.
  private let qualifiedName: String?
  public init(name: String) {
    self.name = name
    construct = nil
    qualifiedName = nil
  }
  /// A built-in type shown as `<class 'qualifiedName'>` that cannot be called.
  public init(name: String, qualifiedName: String) {
    self.name = name
    construct = nil
    self.qualifiedName = qualifiedName
  }
  /// A built-in type that is also its constructor, shown as `<class 'qualifiedName'>`.
  public init(
    name: String, qualifiedName: String,
    construct: @escaping (Arguments, Interpreter) throws(ReplError) -> RValue
  ) {
    self.name = name
    self.qualifiedName = qualifiedName
    self.construct = construct
  }
  public var typeName: String { "type" }
  public func repr() -> String { "<class '\(qualifiedName ?? name)'>" }
  public func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError)
    -> RValue?
  {
    try construct?(arguments, interpreter)
  }
  /// `__name__` and `__qualname__`: the last part of the dotted name, as Python's are
  /// (`type(a).__name__` is `'ndarray'` while the repr says `numpy.ndarray`).
  public func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    guard name == "__name__" || name == "__qualname__" else { return nil }
    let full = qualifiedName ?? self.name
    return .str(full.split(separator: ".").last.map(String.init) ?? full)
  }
  public var attributeNames: [String] { ["__name__", "__qualname__"] }
  /// Two type objects are equal when they name the same type (`type(t) == torch.Tensor`).
  public func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool)
    throws(ReplError) -> RValue?
  {
    guard op == .equal || op == .notEqual, case .object(let o as TypeObject) = other else {
      return nil
    }
    let same = o.name == name && (o.qualifiedName ?? o.name) == (qualifiedName ?? name)
    return .bool(op == .equal ? same : !same)
  }
}
