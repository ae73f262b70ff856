// Iterators that make their items one at a time: generators, generator
// expressions, `iter(list)`, and `enumerate`/`map`/`filter` over them.
//
// A `for` loop, `list()`, `sum()` and the other consumers reach them through
// `RIterator`, which asks a `LazyIterator` for one item per step, so an
// infinite generator stopped by `break` never runs ahead of its consumer.

/// A runtime object that makes its items on request (Python's iterator protocol).
protocol LazyIterator: RuntimeObject {
  /// The next item, or nil when there are no more.
  func next(in interpreter: Interpreter) throws(ReplError) -> RValue?
}

/// `iter(xs)` for a list, tuple, str, dict, range or set: walks it with `RIterator`.
final class SequenceIterator: LazyIterator {
  let typeName: String
  private var iterator: RIterator

  init(_ iterator: RIterator, of kind: String) {
    self.iterator = iterator
    typeName = kind + "_iterator"
  }

  func repr() -> String { "<\(typeName) object>" }
  func next(in interpreter: Interpreter) throws(ReplError) -> RValue? { try iterator.next() }
}

/// An iterator written as a Swift closure: `enumerate`, `map` and `filter` over a generator.
final class ClosureIterator: LazyIterator {
  let typeName: String
  private let step: (Interpreter) throws(ReplError) -> RValue?

  init(_ typeName: String, _ step: @escaping (Interpreter) throws(ReplError) -> RValue?) {
    self.typeName = typeName
    self.step = step
  }

  func repr() -> String { "<\(typeName) object>" }
  func next(in interpreter: Interpreter) throws(ReplError) -> RValue? { try step(interpreter) }
}

/// `(element for target in iterable if condition ...)`, run one item per `next`.
///
/// The clauses are walked as an explicit state machine rather than a thread: clause i is a
/// `for` with its own iterator or an `if`; after an item is made, the next request resumes
/// at the innermost `for`. The loop variables live in the frame that made the expression
/// (their slots are its own), and each request first restores the outer loops' variables,
/// in case another run of the same code used those slots in between.
final class GeneratorExpressionObject: LazyIterator {
  private let element: Expr
  private let clauses: [ComprehensionClause]
  private let frame: Frame
  private var iterators: [RIterator?]
  /// The item each `for` clause last bound.
  private var items: [RValue?]
  private var started = false
  private var finished = false

  init(
    element: Expr, clauses: [ComprehensionClause], frame: Frame, first: RIterator
  ) {
    self.element = element
    self.clauses = clauses
    self.frame = frame
    iterators = [RIterator?](repeating: nil, count: clauses.count)
    items = [RValue?](repeating: nil, count: clauses.count)
    iterators[0] = first
  }

  var typeName: String { "generator" }
  func repr() -> String { "<generator object <genexpr>>" }

  /// The innermost `for` clause before `index`, if any.
  private func enclosingLoop(before index: Int) -> Int? {
    var i = index - 1
    while i >= 0 {
      if case .forIn = clauses[i] { return i }
      i -= 1
    }
    return nil
  }

  func next(in interpreter: Interpreter) throws(ReplError) -> RValue? {
    guard !finished else { return nil }
    do {
      return try produce(interpreter)
    } catch {
      finished = true
      throw error
    }
  }

  private func produce(_ interpreter: Interpreter) throws(ReplError) -> RValue? {
    var i = 0
    if started {
      // Resume at the innermost loop, with the outer loops' variables as they were.
      guard let innermost = enclosingLoop(before: clauses.count) else { return nil }
      for level in 0..<innermost {
        if case .forIn(let target, _) = clauses[level], let item = items[level] {
          try interpreter.assign(target, item, frame)
        }
      }
      i = innermost
    }
    started = true
    while true {
      guard i < clauses.count else { return try interpreter.eval(element, frame) }
      switch clauses[i] {
      case .forIn(let target, let iterableExpr):
        var iterator: RIterator
        if let existing = iterators[i] {
          iterator = existing
        } else {
          iterator = try interpreter.makeIterator(try interpreter.eval(iterableExpr, frame))
        }
        let item = try iterator.next()
        iterators[i] = iterator
        try interpreter.checkInterrupt()
        if let item {
          try interpreter.assign(target, item, frame)
          items[i] = item
          i += 1
        } else {
          iterators[i] = nil
          items[i] = nil
          guard let outer = enclosingLoop(before: i) else {
            finished = true
            return nil
          }
          i = outer
        }
      case .condition(let condition):
        if try interpreter.eval(condition, frame).isTruthy {
          i += 1
        } else if let loop = enclosingLoop(before: i) {
          i = loop
        } else {
          finished = true
          return nil
        }
      }
    }
  }
}

extension Interpreter {
  /// A generator expression: its first iterable is evaluated now, as in Python, the rest as
  /// items are asked for.
  func generatorExpression(_ element: Expr, _ clauses: [ComprehensionClause], _ f: Frame)
    throws(ReplError) -> RValue
  {
    guard case .forIn(_, let firstIterable) = clauses.first else {
      throw ReplError.syntax("a generator expression starts with 'for'", at: element.position)
    }
    let first = try makeIterator(try eval(firstIterable, f))
    return .object(
      GeneratorExpressionObject(element: element, clauses: clauses, frame: f, first: first))
  }

  /// `iter(x)`: an iterator is its own; anything iterable gets a fresh one.
  func iteratorObject(_ value: RValue) throws(ReplError) -> RValue {
    if case .object(let o) = value, o is any LazyIterator { return value }
    // An instance: its `__iter__` gives the iterator (often itself, or a generator).
    if case .object(let instance as InstanceObject) = value,
      let iterator = try callDunder(instance, "__iter__", [])
    {
      switch iterator {
      case .object(let o as InstanceObject) where hasDunder(o, "__next__"): return iterator
      case .object(let o) where o is any LazyIterator: return iterator
      default:
        throw ReplError.type("iter() returned non-iterator of type '\(iterator.typeName)'")
      }
    }
    return .object(SequenceIterator(try makeIterator(value), of: value.typeName))
  }

  /// `next(it)` or `next(it, default)`.
  func nextItem(_ value: RValue, default fallback: RValue?) throws(ReplError) -> RValue {
    // An instance with `__next__` (a class written as an iterator).
    if case .object(let instance as InstanceObject) = value, hasDunder(instance, "__next__") {
      do { if let item = try callDunder(instance, "__next__", []) { return item } } catch {
        if error.kind == "StopIteration", let fallback { return fallback }
        throw error
      }
    }
    guard case .object(let o) = value, let iterator = o as? any LazyIterator else {
      throw ReplError.type("'\(value.typeName)' object is not an iterator")
    }
    if let generator = iterator as? GeneratorObject {
      do { return try generator.send(.none, self) } catch {
        if error.kind == "StopIteration", let fallback { return fallback }
        throw error
      }
    }
    if let item = try iterator.next(in: self) { return item }
    if let fallback { return fallback }
    throw ReplError("StopIteration", "")
  }

  /// Whether `value` makes its items lazily (so `enumerate`, `map` and `filter` must too).
  func isLazy(_ value: RValue) -> Bool {
    if case .object(let o) = value { return o is any LazyIterator }
    return false
  }

  /// `enumerate(iterator, start)` one pair at a time.
  func lazyEnumerate(_ value: RValue, start: Int) throws(ReplError) -> RValue {
    var iterator = try makeIterator(value)
    var index = start
    return .object(
      ClosureIterator("enumerate") { (_) throws(ReplError) -> RValue? in
        guard let item = try iterator.next() else { return nil }
        defer { index &+= 1 }
        return .tuple([.int(index), item])
      })
  }

  /// `map(function, iterables...)` one call at a time, stopping at the shortest.
  func lazyMap(_ function: RValue, _ values: [RValue]) throws(ReplError) -> RValue {
    var iterators: [RIterator] = []
    for v in values { iterators.append(try makeIterator(v)) }
    return .object(
      ClosureIterator("map") { (interpreter) throws(ReplError) -> RValue? in
        var arguments: [RValue] = []
        for k in iterators.indices {
          guard let item = try iterators[k].next() else { return nil }
          arguments.append(item)
        }
        return try interpreter.call(function, Arguments(arguments))
      })
  }

  /// `filter(function, iterator)` one kept item at a time.
  func lazyFilter(_ function: RValue, _ value: RValue) throws(ReplError) -> RValue {
    var iterator = try makeIterator(value)
    return .object(
      ClosureIterator("filter") { (interpreter) throws(ReplError) -> RValue? in
        while let item = try iterator.next() {
          try interpreter.checkInterrupt()
          let keep =
            function.isNone
            ? item.isTruthy : try interpreter.call(function, Arguments([item])).isTruthy
          if keep { return item }
        }
        return nil
      })
  }
}

/// `iter`, `next` and `__name__`.
enum IteratorBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "iter", signature: "iter(iterable)",
      doc: "An iterator over the items: next(it) gives them one at a time."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("iter", positional: 1)
      return try interpreter.iteratorObject(args.positional[0])
    }
    table.add(
      "next", signature: "next(iterator, default)",
      doc: "The iterator's next item; at the end, default if given, else StopIteration."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("next", positional: 1, 2)
      return try interpreter.nextItem(
        args.positional[0], default: args.positional.count > 1 ? args.positional[1] : nil)
    }
    // Code typed at the prompt or run as a script is the main module, as in Python.
    table.add("__name__", value: .str("__main__"))
  }
}
