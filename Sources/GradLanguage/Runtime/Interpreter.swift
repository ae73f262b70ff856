// The evaluator: walks the resolved syntax tree.
//
// Names were resolved to array slots before running, arithmetic on numbers and
// Values is a switch (Operators.swift), and loops and calls check for Ctrl-C
// and for stack room, so a runaway program can always be stopped.

import GradBase
import GradCore

/// How a statement finished.
enum Flow {
  case normal
  case breakLoop
  case continueLoop
  case returned(RValue)
}

/// Lists and strings grow at most this large; bigger requests are refused, not attempted.
public let maximumCollectionSize = 10_000_000

/// Runs programs against one set of global variables.
public final class Interpreter {
  let symbols: SymbolTable
  var globals: [RValue?] = []
  var builtins: [RValue?] = []
  /// Where `print` writes.
  public var write: (String) -> Void
  /// Where `torch.save` may write (nil: anywhere); see `FileWriteRule`.
  public var fileWriteRule: FileWriteRule?
  /// The seed every new session's generator starts from, so that a fresh session's first
  /// `MLP(...)`, `moons()` and `random.random()` are the same each time until `random.seed(n)`.
  ///
  /// 1337 is the value sessions have always started from, and the numbers a fresh session
  /// prints (in transcripts, lessons and tests) come from its stream, so it stays. It equals
  /// `MoonsDemo.defaultSeed`, which is why `moons()` in a fresh session gives the points of
  /// `gradrepl demo moons`; the two are separate settings.
  static let defaultRandomSeed: UInt64 = 1337

  /// The session's random numbers: initial weights, data, `random.*`. CPython's generator,
  /// seeded as `random.seed(1337)` seeds it.
  var generator = MersenneTwister(seed: Interpreter.defaultRandomSeed)
  /// How many calls deep the running code is (a running generator counts as one call).
  var callDepth = 0
  /// The frame whose expression statements are echoed, and where to.
  private var echoFrame: Frame?
  private var echo: ((RValue) throws(ReplError) -> Void)?
  /// Errors being handled by enclosing `except` blocks (a bare `raise` re-raises the last).
  var handling: [ReplError] = []
  /// The stack bounds of the thread running code now (a generator's thread while it runs).
  var stack = StackGuard()
  /// The generators started here, and those dropped while suspended (see Generator.swift).
  let generators = GeneratorRegistry()
  /// The generator whose body is running now, which a `yield` suspends.
  var runningCoroutine: Coroutine?
  /// The modules `import` finds, by dotted name (filled on first use; see
  /// Interpreter+Imports.swift).
  var importableModules: [String: ModuleObject]?
  /// The module whose text is running: what a class statement records as `__module__`.
  var definingModuleName = "__main__"

  /// The tracked containers of this session, and the collector of their cycles.
  let heap = GCHeap()
  /// `object`, the root of every class.
  let objectClass: ClassObject
  /// The first error a user `__repr__` or `__str__` raised while a repr was being built
  /// (repr itself cannot throw; `checkedRepr` rethrows it).
  var reprFailure: ReplError?

  /// Calls nest at most this deep (Python's default limit).
  static let maximumCallDepth = 1000

  /// Stop requests for this interpreter (the process-wide Ctrl-C flag is checked too).
  public let interruptFlag: InterruptFlag
  /// The terminal written to, for built-ins that redraw a progress line in place.
  public weak var terminal: Terminal?

  init(symbols: SymbolTable, interruptFlag: InterruptFlag, write: @escaping (String) -> Void) {
    self.symbols = symbols
    self.interruptFlag = interruptFlag
    self.write = write
    objectClass = Interpreter.makeObjectClass(ClassObject.Changes())
    heap.interpreter = self
    defineBuiltin("object", .object(objectClass))
  }

  // MARK: Globals

  /// The global or built-in named `name`.
  public func lookup(_ name: String) -> RValue? {
    guard let id = symbols.existingID(name) else { return nil }
    return globalOrBuiltin(id)
  }

  func globalOrBuiltin(_ id: Int) -> RValue? {
    if id < globals.count, let v = globals[id] { return v }
    if id < builtins.count, let v = builtins[id] { return v }
    return nil
  }

  /// Sets the global `name`.
  public func setGlobal(_ name: String, _ value: RValue?) {
    setGlobal(id: symbols.id(name), value)
  }

  func setGlobal(id: Int, _ value: RValue?) {
    if id >= globals.count {
      globals.append(contentsOf: repeatElement(nil, count: id - globals.count + 1))
    }
    globals[id] = value
  }

  func defineBuiltin(_ name: String, _ value: RValue) {
    let id = symbols.id(name)
    if id >= builtins.count {
      builtins.append(contentsOf: repeatElement(nil, count: id - builtins.count + 1))
    }
    builtins[id] = value
  }

  /// Names of the user's variables, in first-defined order.
  public var globalNames: [String] {
    globals.indices.compactMap { globals[$0] == nil ? nil : symbols.names[$0] }
  }

  /// Names of the built-ins.
  public var builtinNames: [String] {
    builtins.indices.compactMap { builtins[$0] == nil ? nil : symbols.names[$0] }
  }

  private func nameError(_ name: String) -> ReplError {
    var message = "name '\(name)' is not defined"
    if let suggestion = closestName(to: name, among: globalNames + builtinNames) {
      message += ". Did you mean '\(suggestion)'?"
    }
    return ReplError("NameError", message)
  }

  // MARK: Running programs

  /// Parses and resolves `source` into statements and the size of their frame.
  /// - Parameter fileName: what tracebacks call the text (a script's name; `<stdin>` for an
  ///   entry at the prompt).
  func compile(_ source: String, fileName: String = SourceText.promptName) throws(ReplError)
    -> Compiled
  {
    let statements = try Parser.parseProgram(source, symbols: symbols)
    let text = SourceText(fileName: fileName, text: source)
    let size = try Resolver.resolveProgram(statements, source: text)
    return Compiled(statements: statements, frameSize: size, source: text)
  }

  /// A program ready to run: its statements, the size of its top-level frame and its text.
  struct Compiled {
    let statements: [Stmt]
    let frameSize: Int
    let source: SourceText
  }

  /// Runs top-level statements; `echo` receives the value of each expression statement that
  /// is not None and not silenced by `;`.
  /// As in Python's interactive mode, expression statements are echoed wherever they sit in
  /// the entry (inside its loops and ifs too), but not inside the functions it calls.
  func run(_ program: Compiled, echo: ((RValue) throws(ReplError) -> Void)?) throws(ReplError) {
    beginRun()
    let frame = Frame(size: program.frameSize, parent: nil)
    echoFrame = frame
    self.echo = echo
    defer {
      echoFrame = nil
      self.echo = nil
    }
    try heap.withCurrent { () throws(ReplError) in
      for statement in program.statements {
        do throws(ReplError) {
          switch try exec(statement, frame) {
          case .normal, .breakLoop, .continueLoop, .returned: break
          }
          if generators.hasAbandoned { closeAbandonedGenerators() }
        } catch {
          // The outermost frame of the traceback; the position stays for the one-line report.
          var located = error.located(at: statement.position)
          located.recordFrame(
            function: TracebackFrame.moduleName, source: program.source,
            fallbackLine: statement.position.line)
          throw located
        }
      }
    }
  }

  /// Measures the stack of the thread about to run code (sessions may move between threads)
  /// and starts the call depth from zero.
  func beginRun() {
    stack = StackGuard()
    callDepth = 0
    handling = []
  }

  private func isNone(_ v: RValue) -> Bool {
    if case .none = v { return true }
    return false
  }

  /// Called in every loop iteration and call: stops on Ctrl-C, and is where the cycle
  /// collector runs when enough containers were made since it last ran.
  @inline(__always) func checkInterrupt() throws(ReplError) {
    if interruptFlag.consume() { throw ReplError.keyboardInterrupt }
    // A safe point: user code may run here, so dropped generators can run their `finally`.
    if generators.hasAbandoned { closeAbandonedGenerators() }
    if heap.isDue { heap.collect() }
  }

  // MARK: Statements

  func execBlock(_ statements: [Stmt], _ f: Frame) throws(ReplError) -> Flow {
    for statement in statements {
      let flow = try exec(statement, f)
      // Between statements: a generator dropped by the last one runs its `finally` now.
      if generators.hasAbandoned { closeAbandonedGenerators() }
      if case .normal = flow { continue }
      return flow
    }
    return .normal
  }

  func exec(_ s: Stmt, _ f: Frame) throws(ReplError) -> Flow {
    switch s {
    case .expression(let e, let silent, _):
      let value = try eval(e, f)
      if let echo, f === echoFrame, !silent, !isNone(value) { try echo(value) }
    case .assign(let targets, let valueExpr, _):
      let value = try eval(valueExpr, f)
      for target in targets { try assign(target, value, f) }
    case .augmentedAssign(let target, let op, let valueExpr, let p):
      try augmentedAssign(target, op, valueExpr, f, at: p)
    case .ifElse(let branches, let otherwise, _):
      for branch in branches {
        if try truthy(try eval(branch.condition, f)) { return try execBlock(branch.body, f) }
      }
      if let otherwise { return try execBlock(otherwise, f) }
    case .whileLoop(let condition, let body, _):
      while try truthy(try eval(condition, f)) {
        try checkInterrupt()
        switch try execBlock(body, f) {
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        case .normal, .continueLoop: continue
        }
      }
    case .forLoop(let target, let iterableExpr, let body, let p):
      var iterator: RIterator
      do { iterator = try makeIterator(try eval(iterableExpr, f)) } catch {
        throw error.located(at: p)
      }
      while let item = try iterator.next() {
        try checkInterrupt()
        try assign(target, item, f)
        switch try execBlock(body, f) {
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        case .normal, .continueLoop: continue
        }
      }
    case .functionDefinition(let code, let site):
      var decorators: [RValue] = []
      for d in code.decorators { decorators.append(try eval(d, f)) }
      var value = RValue.function(try makeFunction(code, f))
      do {
        for decorator in decorators.reversed() { value = try call(decorator, Arguments([value])) }
      } catch { throw error.located(at: code.position) }
      try store(site, value, f)
    case .classDefinition(let code, let site):
      try store(site, try defineClass(code, f), f)
    case .with(let items, let body, let p):
      return try runWith(items[...], body, f, at: p)
    case .returnValue(let e, _):
      return .returned(try e.map { (e) throws(ReplError) in try eval(e, f) } ?? .none)
    case .breakLoop: return .breakLoop
    case .continueLoop: return .continueLoop
    case .pass, .global, .nonlocal: break
    case .delete(let targets, let p):
      for target in targets {
        do { try delete(target, f) } catch { throw error.located(at: p) }
      }
    case .assert(let condition, let message, let p):
      if !(try truthy(try eval(condition, f))) {
        let text = try message.map { (e) throws(ReplError) in str(try eval(e, f)) } ?? ""
        throw ReplError("AssertionError", text, at: p)
      }
    case .importModules(let modules, let p):
      for module in modules {
        do { try store(module.site, try importedModule(module), f) } catch {
          throw error.located(at: p)
        }
      }
    case .importAll(let module, let p):
      do { try importAll(from: module) } catch { throw error.located(at: p) }
    case .raise(let e, let p):
      guard let e else {
        guard let current = handling.last else {
          throw ReplError("RuntimeError", "No active exception to reraise", at: p)
        }
        throw current
      }
      let value = try eval(e, f)
      let raised: ReplError
      do { raised = try raisedError(value) } catch { throw error.located(at: p) }
      throw raised.located(at: p)
    case .tryStatement(let body, let handlers, let otherwise, let finally, _):
      return try runTry(body, handlers, otherwise, finally, f)
    case .importNames(let module, let imported, let p):
      for (name, site) in imported {
        do { try store(site, try importedValue(name, from: module), f) } catch {
          throw error.located(at: p)
        }
      }
    }
    return .normal
  }

  /// try / except / else / finally: the first matching handler runs; `finally` always runs,
  /// and a return, break or continue inside it wins over what the rest was doing.
  private func runTry(
    _ body: [Stmt], _ handlers: [ExceptHandler], _ otherwise: [Stmt]?, _ finally: [Stmt]?,
    _ f: Frame
  ) throws(ReplError) -> Flow {
    var outcome: Flow = .normal
    var pending: ReplError?
    do {
      outcome = try execBlock(body, f)
    } catch {
      pending = error
    }
    if let error = pending {
      for handler in handlers {
        let type = try handler.type.map { (e) throws(ReplError) in try eval(e, f) }
        guard try handlerMatches(type, error) else { continue }
        pending = nil
        if let site = handler.name { try store(site, caughtException(error), f) }
        handling.append(error)
        defer { handling.removeLast() }
        do { outcome = try execBlock(handler.body, f) } catch { pending = error }
        break
      }
    } else if let otherwise, case .normal = outcome {
      // `else` runs only when the body finished without an error, return, break or continue.
      do { outcome = try execBlock(otherwise, f) } catch { pending = error }
    }
    if let finally {
      let finalFlow = try execBlock(finally, f)
      if case .normal = finalFlow {} else { return finalFlow }
    }
    if let pending { throw pending }
    return outcome
  }

  // MARK: Names and assignment

  @inline(__always) private func frame(_ f: Frame, outward depth: Int) -> Frame {
    var current = f
    for _ in 0..<depth { current = current.parent ?? current }
    return current
  }

  @inline(__always) func load(_ site: NameSite, _ f: Frame) throws(ReplError) -> RValue {
    switch site.scope {
    case .local(let slot):
      if let v = f.slots[slot] { return v }
      throw ReplError(
        "UnboundLocalError",
        "cannot access local variable '\(site.name)' where it is not associated with a value",
        at: site.position)
    case .global(let id):
      if let v = globalOrBuiltin(id) { return v }
      throw nameError(site.name).located(at: site.position)
    case .builtin(let id):
      if id < builtins.count, let v = builtins[id] { return v }
      throw ReplError("NameError", "name '\(site.name)' is not defined", at: site.position)
    case .enclosing(let depth, let slot):
      if let v = frame(f, outward: depth).slots[slot] { return v }
      throw ReplError(
        "NameError",
        "free variable '\(site.name)' referenced before assignment in enclosing scope",
        at: site.position)
    }
  }

  @inline(__always) func store(_ site: NameSite, _ value: RValue, _ f: Frame) throws(ReplError) {
    switch site.scope {
    case .local(let slot): f.slots[slot] = value
    case .global(let id): setGlobal(id: id, value)
    case .enclosing(let depth, let slot): frame(f, outward: depth).slots[slot] = value
    case .builtin:
      throw ReplError(
        "NameError", "cannot assign to the built-in '\(site.name)' here", at: site.position)
    }
  }

  func assign(_ target: Expr, _ value: RValue, _ f: Frame) throws(ReplError) {
    switch target {
    case .name(let site):
      try store(site, value, f)
    case .attribute(let objectExpr, let name, let p):
      let object = try eval(objectExpr, f)
      do { try setAttribute(object, name, value) } catch { throw error.located(at: p) }
    case .subscript(let objectExpr, let indexExpr, let p):
      let object = try eval(objectExpr, f)
      let index = try eval(indexExpr, f)
      do { try setItem(object, index, value) } catch { throw error.located(at: p) }
    case .tuple(let targets, let p), .list(let targets, let p):
      if targets.contains(where: \.isStarred) {
        try assignStarred(targets, value, f, at: p)
        return
      }
      let values: [RValue]
      do { values = try unpack(value, count: targets.count) } catch { throw error.located(at: p) }
      for (t, v) in zip(targets, values) { try assign(t, v, f) }
    default:
      throw ReplError.syntax("cannot assign to expression", at: target.position)
    }
  }

  private func unpack(_ value: RValue, count: Int) throws(ReplError) -> [RValue] {
    let items: [RValue]
    switch value {
    case .tuple(let t): items = t.array
    case .list(let l): items = l.items
    default: items = try collect(value)
    }
    if items.count > count {
      throw ReplError.value("too many values to unpack (expected \(count))")
    }
    if items.count < count {
      throw ReplError.value("not enough values to unpack (expected \(count), got \(items.count))")
    }
    return items
  }

  private func augmentedAssign(
    _ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, _ f: Frame,
    at p: SourcePosition
  ) throws(ReplError) {
    switch target {
    case .name(let site):
      let old = try load(site, f)
      let operand = try eval(valueExpr, f)
      do { try store(site, try inPlace(op, old, operand), f) } catch { throw error.located(at: p) }
    case .attribute(let objectExpr, let name, _):
      let object = try eval(objectExpr, f)
      let operand = try eval(valueExpr, f)
      do {
        let old = try attribute(object, name)
        try setAttribute(object, name, try inPlace(op, old, operand))
      } catch { throw error.located(at: p) }
    case .subscript(let objectExpr, let indexExpr, _):
      let object = try eval(objectExpr, f)
      let index = try eval(indexExpr, f)
      let operand = try eval(valueExpr, f)
      do {
        let old = try item(object, index)
        try setItem(object, index, try inPlace(op, old, operand))
      } catch { throw error.located(at: p) }
    default:
      throw ReplError.syntax("illegal expression for augmented assignment", at: p)
    }
  }

  /// `a op= b`: lists extend in place (as in Python), an instance asks its `__iadd__` (or
  /// `__isub__`, ...) first, a built-in object (a tensor, an array) updates itself when it
  /// can; everything else rebinds to `a op b`.
  private func inPlace(_ op: BinaryOperator, _ old: RValue, _ operand: RValue) throws(ReplError)
    -> RValue
  {
    if let instance = old.instance,
      let result = try callDunder(instance, "__i" + op.dunderStem + "__", [operand]),
      !result.isNotImplemented
    {
      return result
    }
    if case .object(let o) = old, let result = try o.inPlaceBinary(op, operand) {
      return result
    }
    if op == .add, case .list(let box) = old {
      let more = try collect(operand)
      guard box.items.count + more.count <= maximumCollectionSize else {
        throw ReplError("MemoryError", "list would be too large")
      }
      box.items += more
      return old
    }
    return try binary(op, old, operand)
  }

  private func delete(_ target: Expr, _ f: Frame) throws(ReplError) {
    switch target {
    case .name(let site):
      _ = try load(site, f)
      switch site.scope {
      case .local(let slot): f.slots[slot] = nil
      case .global(let id): setGlobal(id: id, nil)
      case .enclosing(let depth, let slot): frame(f, outward: depth).slots[slot] = nil
      case .builtin:
        throw ReplError("NameError", "cannot delete the built-in '\(site.name)' here")
      }
    case .subscript(let objectExpr, let indexExpr, _):
      let object = try eval(objectExpr, f)
      let index = try eval(indexExpr, f)
      switch object {
      case .object(let o as InstanceObject):
        guard try callDunder(o, "__delitem__", [index]) != nil else {
          throw ReplError.type("'\(o.typeName)' object does not support item deletion")
        }
      case .list(let box):
        let i = try normalizedIndex(index, count: box.items.count, kind: "list")
        box.items.remove(at: i)
      case .dict(let d):
        guard try d.remove(index) != nil else { throw ReplError.key(index, repr: repr(index)) }
      default:
        throw ReplError.type("'\(object.typeName)' object does not support item deletion")
      }
    case .tuple(let items, _), .list(let items, _):
      for item in items { try delete(item, f) }
    case .attribute(let objectExpr, let name, _):
      try deleteAttribute(try eval(objectExpr, f), name)
    default:
      throw ReplError.syntax("cannot delete expression", at: target.position)
    }
  }

  // MARK: Expressions

  func eval(_ e: Expr, _ f: Frame) throws(ReplError) -> RValue {
    switch e {
    case .constant(let v, _):
      return v
    case .name(let site):
      return try load(site, f)
    case .binary(let op, let l, let r, let p):
      guard stack.hasRoom else { throw ReplError.recursion.located(at: p) }
      let a = try eval(l, f)
      let b = try eval(r, f)
      do { return try binary(op, a, b) } catch { throw error.located(at: p) }
    case .call(let callee, let args, let p):
      guard stack.hasRoom else { throw ReplError.recursion.located(at: p) }
      if case .attribute(let objectExpr, let name, _) = callee {
        let receiver = try eval(objectExpr, f)
        let arguments = try evalArguments(args, f)
        do { return try callMethod(receiver, name, arguments) } catch {
          throw error.located(at: p)
        }
      }
      let function = try eval(callee, f)
      // `super()` with no arguments reads the running method's class and receiver.
      if args.isEmpty, case .builtin(let b) = function, b.name == "super" {
        do { return try zeroArgumentSuper(f) } catch { throw error.located(at: p) }
      }
      let arguments = try evalArguments(args, f)
      do { return try call(function, arguments) } catch { throw error.located(at: p) }
    case .attribute(let objectExpr, let name, let p):
      let object = try eval(objectExpr, f)
      do { return try attribute(object, name) } catch { throw error.located(at: p) }
    case .subscript(let objectExpr, let indexExpr, let p):
      let object = try eval(objectExpr, f)
      let index = try eval(indexExpr, f)
      do { return try item(object, index) } catch { throw error.located(at: p) }
    case .unary(let op, let operand, let p):
      let v = try eval(operand, f)
      do { return try unary(op, v) } catch { throw error.located(at: p) }
    case .and(let l, let r, _):
      let a = try eval(l, f)
      return try truthy(a) ? try eval(r, f) : a
    case .or(let l, let r, _):
      let a = try eval(l, f)
      return try truthy(a) ? a : try eval(r, f)
    case .conditional(let condition, let then, let otherwise, _):
      return try truthy(try eval(condition, f)) ? try eval(then, f) : try eval(otherwise, f)
    default:
      return try evalCompound(e, f)
    }
  }

  /// The expressions that build something (displays, comprehensions, f-strings, lambdas) or
  /// compare: kept out of `eval` so that its frame, which every level of a deeply nested
  /// expression (`1 + 1 + ... + 1`) stacks once more, stays small.
  @inline(never)
  private func evalCompound(_ e: Expr, _ f: Frame) throws(ReplError) -> RValue {
    switch e {
    case .compare(let first, let rest, let p):
      var left = try eval(first, f)
      // A single comparison involving an object may give a non-bool (a tensor's mask, or
      // whatever a class's `__lt__` returns).
      if rest.count == 1, let result = try objectComparison(rest[0].0, left, rest[0].1, f, p) {
        return result
      }
      for (op, rightExpr) in rest {
        let right = try eval(rightExpr, f)
        let holds: Bool
        do { holds = try compare(op, left, right) } catch { throw error.located(at: p) }
        if !holds { return .bool(false) }
        left = right
      }
      return .bool(true)
    case .list(let items, _):
      var values: [RValue] = []
      values.reserveCapacity(items.count)
      for item in items {
        if case .starred = item {
          try spread(item, into: &values, f)
        } else {
          values.append(try eval(item, f))
        }
      }
      return .list(ListBox(values))
    case .tuple(let items, _):
      var values: [RValue] = []
      values.reserveCapacity(items.count)
      for item in items {
        if case .starred = item {
          try spread(item, into: &values, f)
        } else {
          values.append(try eval(item, f))
        }
      }
      return .tuple(TupleItems(values))
    case .dict(let pairs, let p):
      let d = DictBox()
      for pair in pairs {
        let k = try eval(pair.key, f)
        let v = try eval(pair.value, f)
        do { try d.set(k, v) } catch { throw error.located(at: p) }
      }
      return .dict(d)
    case .formatString(let parts, let p):
      var text = ""
      for part in parts {
        switch part {
        case .text(let s): text += s
        case .field(let e, let spec, let useRepr):
          let v = try eval(e, f)
          do {
            text += try format(v, spec: spec ?? "", useRepr: useRepr)
          } catch { throw error.located(at: p) }
        case .richField:
          text += try formatRichField(part, f, p)
        }
      }
      return .str(text)
    case .slice(let lower, let upper, let step, _):
      let values = try [lower, upper, step].map { (e) throws(ReplError) -> RValue in
        try e.map { (x) throws(ReplError) in try eval(x, f) } ?? .none
      }
      return .object(SliceObject(lower: values[0], upper: values[1], step: values[2]))
    case .comprehension(let element, let clauses, let p):
      var out: [RValue] = []
      try comprehend(clauses, 0, f, at: p) { (frame) throws(ReplError) in
        out.append(try eval(element, frame))
      }
      return .list(ListBox(out))
    case .setDisplay(let items, let p):
      let set = SetObject()
      for item in items {
        if case .starred = item {
          try spread(item, into: set, f)
          continue
        }
        let v = try eval(item, f)
        do { try set.insert(v) } catch { throw error.located(at: p) }
      }
      return .object(set)
    case .setComprehension(let element, let clauses, let p):
      let set = SetObject()
      try comprehend(clauses, 0, f, at: p) { (frame) throws(ReplError) in
        try set.insert(try eval(element, frame))
      }
      return .object(set)
    case .dictComprehension(let key, let value, let clauses, let p):
      let d = DictBox()
      try comprehend(clauses, 0, f, at: p) { (frame) throws(ReplError) in
        let k = try eval(key, frame)
        try d.set(k, try eval(value, frame))
      }
      return .dict(d)
    case .lambda(let code, _):
      return .function(try makeFunction(code, f))
    case .yield, .yieldFrom, .namedExpression, .starred, .generatorExpression:
      return try evalGeneratorsAndBindings(e, f)
    default:
      throw ReplError("SystemError", "an expression the evaluator does not know reached it")
    }
  }

  /// `a op b` answered by an object operand's own `compare`, or nil.
  private func objectComparison(
    _ op: ComparisonOperator, _ left: RValue, _ rightExpr: Expr, _ f: Frame,
    _ p: SourcePosition
  ) throws(ReplError) -> RValue? {
    if case .object(let o) = left {
      let right = try eval(rightExpr, f)
      do {
        if let rich = try richComparison(op, left, right) { return rich }
        if let r = try o.compare(op, right, reflected: false) { return r }
        if case .object(let other) = right, let r = try other.compare(op, left, reflected: true) {
          return r
        }
        return .bool(try compare(op, left, right))
      } catch { throw error.located(at: p) }
    }
    return nil
  }

  func comprehend(
    _ clauses: [ComprehensionClause], _ index: Int, _ f: Frame, at p: SourcePosition,
    _ emit: (Frame) throws(ReplError) -> Void
  ) throws(ReplError) {
    guard index < clauses.count else {
      try emit(f)
      return
    }
    switch clauses[index] {
    case .condition(let c):
      if try truthy(try eval(c, f)) { try comprehend(clauses, index + 1, f, at: p, emit) }
    case .forIn(let target, let iterableExpr):
      var iterator: RIterator
      do { iterator = try makeIterator(try eval(iterableExpr, f)) } catch {
        throw error.located(at: p)
      }
      var produced = 0
      while let item = try iterator.next() {
        try checkInterrupt()
        produced += 1
        if produced > maximumCollectionSize {
          throw ReplError("MemoryError", "comprehension produced too many items", at: p)
        }
        try assign(target, item, f)
        try comprehend(clauses, index + 1, f, at: p, emit)
      }
    }
  }

  private func evalArguments(_ args: [Argument], _ f: Frame) throws(ReplError) -> Arguments {
    var positional: [RValue] = []
    positional.reserveCapacity(args.count)
    var keywords: [(name: String, value: RValue)] = []
    for argument in args {
      switch argument {
      case .positional(let e): positional.append(try eval(e, f))
      case .keyword(let name, let e, _): keywords.append((name, try eval(e, f)))
      case .spread(let e):
        do { positional += try collect(try eval(e, f)) } catch {
          throw error.located(at: e.position)
        }
      case .keywordSpread(let e):
        guard case .dict(let d) = try eval(e, f) else {
          throw ReplError.type("argument after ** must be a dict").located(at: e.position)
        }
        for (k, v) in zip(d.keys, d.values) {
          guard case .str(let name) = k else {
            throw ReplError.type("keywords must be strings").located(at: e.position)
          }
          keywords.append((name, v))
        }
      }
    }
    return Arguments(positional, keywords: keywords)
  }

  // MARK: Calls

  /// Calls any callable value.
  public func call(_ callee: RValue, _ arguments: Arguments) throws(ReplError) -> RValue {
    switch callee {
    case .function(let function):
      return try callFunction(function, arguments)
    case .builtin(let builtin):
      try checkInterrupt()
      return try builtin.body(arguments, self)
    case .boundMethod(let receiver, let name):
      return try callMethod(receiver, name, arguments)
    case .object(let o):
      try checkInterrupt()
      if let result = try o.call(arguments, in: self) { return result }
      throw ReplError.type("'\(o.typeName)' object is not callable")
    default:
      throw ReplError.type("'\(callee.typeName)' object is not callable")
    }
  }

  /// Calls a function written in the language.
  ///
  /// A method's receiver comes as `receiver`, bound to the first parameter, so that calling
  /// `obj.method(x)` never builds a new argument list.
  func callFunction(_ function: FunctionObject, _ arguments: Arguments, receiver: RValue? = nil)
    throws(ReplError) -> RValue
  {
    try checkInterrupt()
    // The top level counts as one level, as in Python: 999 nested calls, then RecursionError.
    guard callDepth + 1 < Interpreter.maximumCallDepth, stack.hasRoom else {
      throw ReplError.recursion
    }
    callDepth += 1
    defer { callDepth -= 1 }
    let code = function.code
    let frame = Frame(size: code.frameSize, parent: function.enclosing)
    if code.definedInClassBody { frame.definingClass = function.ownerClass }
    if !code.hasOnlyNormalParameters {
      if let receiver {
        var withReceiver = arguments
        withReceiver.positional.insert(receiver, at: 0)
        try bindGeneral(function, withReceiver, frame)
      } else {
        try bindGeneral(function, arguments, frame)
      }
      do { return try runBody(code, frame) } catch { throw error.leaving(code) }
    }
    let parameters = code.parameters
    let shift = receiver == nil ? 0 : 1
    let given = arguments.positional.count + shift
    if given > parameters.count {
      let takes = parameters.count
      throw ReplError.type(
        "\(function.qualifiedName)() takes \(takes) positional argument"
          + "\(takes == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given")
    }
    if let receiver {
      guard !parameters.isEmpty else {
        throw ReplError.type(
          "\(function.qualifiedName)() takes 0 positional arguments but 1 was given")
      }
      frame.slots[0] = receiver
    }
    for k in 0..<arguments.positional.count { frame.slots[k + shift] = arguments.positional[k] }
    for (name, value) in arguments.keywords {
      guard let k = parameters.firstIndex(where: { $0.name == name }) else {
        var message = "\(function.qualifiedName)() got an unexpected keyword argument '\(name)'"
        if let suggestion = closestName(to: name, among: parameters.map(\.name)) {
          message += ". Did you mean '\(suggestion)'?"
        }
        throw ReplError.type(message)
      }
      if frame.slots[k] != nil {
        throw ReplError.type(
          "\(function.qualifiedName)() got multiple values for argument '\(name)'")
      }
      frame.slots[k] = value
    }
    var missing: [String] = []
    for k in given..<max(given, parameters.count) where frame.slots[k] == nil {
      if let d = function.defaults[k] {
        frame.slots[k] = d
      } else {
        missing.append("'\(parameters[k].name)'")
      }
    }
    if !missing.isEmpty {
      let list =
        missing.count == 1
        ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + (missing.last ?? "")
      throw ReplError.type(
        "\(function.qualifiedName)() missing \(missing.count) required positional argument"
          + "\(missing.count == 1 ? "" : "s"): \(list)")
    }
    // Errors in the body (not in binding the arguments, which Python blames on the caller)
    // leave this call as one frame of the traceback; nothing is recorded on success.
    do { return try runBody(code, frame) } catch { throw error.leaving(code) }
  }

  func runBody(_ code: FunctionCode, _ frame: Frame) throws(ReplError) -> RValue {
    // Calling a generator function only binds its arguments: the body runs as it is iterated.
    if code.isGenerator { return .object(GeneratorObject(code: code, frame: frame, in: self)) }
    return try runStatements(of: code, frame)
  }

  /// Runs a function's body in its frame and gives its return value.
  func runStatements(of code: FunctionCode, _ frame: Frame) throws(ReplError) -> RValue {
    for statement in code.body {
      let flow: Flow
      // An error with no place of its own (Ctrl-C in a loop) is blamed on its statement.
      do { flow = try exec(statement, frame) } catch { throw error.located(at: statement.position) }
      switch flow {
      case .normal: continue
      case .returned(let v): return v
      case .breakLoop, .continueLoop: return .none
      }
    }
    return .none
  }

  /// Binds arguments when the function has keyword-only parameters, `*args` or `**kwargs`.
  private func bindGeneral(_ function: FunctionObject, _ arguments: Arguments, _ frame: Frame)
    throws(ReplError)
  {
    let code = function.code
    let name = function.qualifiedName
    let parameters = code.parameters
    let positionalSlots = parameters.indices.filter { parameters[$0].kind == .normal }
    let extraPositional = parameters.firstIndex { $0.kind == .extraPositional }
    let extraKeywords = parameters.firstIndex { $0.kind == .extraKeywords }
    let given = arguments.positional
    for (slot, value) in zip(positionalSlots, given) { frame.slots[slot] = value }
    if given.count > positionalSlots.count {
      guard let extraPositional else {
        let takes = positionalSlots.count
        throw ReplError.type(
          "\(name)() takes \(takes) positional argument\(takes == 1 ? "" : "s") but "
            + "\(given.count) \(given.count == 1 ? "was" : "were") given")
      }
      frame.slots[extraPositional] = .tuple(TupleItems(Array(given[positionalSlots.count...])))
    } else if let extraPositional {
      frame.slots[extraPositional] = .tuple([])
    }
    let extraDict = DictBox()
    for (keyword, value) in arguments.keywords {
      if let k = parameters.firstIndex(where: {
        $0.name == keyword && ($0.kind == .normal || $0.kind == .keywordOnly)
      }) {
        if frame.slots[k] != nil {
          throw ReplError.type("\(name)() got multiple values for argument '\(keyword)'")
        }
        frame.slots[k] = value
      } else if extraKeywords != nil {
        try extraDict.set(.str(keyword), value)
      } else {
        throw ReplError.type("\(name)() got an unexpected keyword argument '\(keyword)'")
      }
    }
    if let extraKeywords { frame.slots[extraKeywords] = .dict(extraDict) }
    for (k, parameter) in parameters.enumerated() where frame.slots[k] == nil {
      if let d = function.defaults[k] {
        frame.slots[k] = d
      } else {
        let what = parameter.kind == .keywordOnly ? "keyword-only" : "positional"
        throw ReplError.type(
          "\(name)() missing 1 required \(what) argument: '\(parameter.name)'")
      }
    }
  }

  /// Checks stack room for recursive helpers (printing nested lists, comparing them).
  func ensureStackRoom() throws(ReplError) {
    guard stack.hasRoom else { throw ReplError.recursion }
  }
}

// MARK: - Iteration

/// Walks the items of an iterable value; lists are walked live, as Python does.
struct RIterator {
  private enum Source {
    case list(ListBox)
    case array([RValue])
    case range(RangeValue, count: Int)
    /// Items made one at a time on request: generators and other iterators.
    case lazy(any LazyIterator, Interpreter)
    /// An object with `__next__` (an instance's `__iter__` returned it).
    case nextMethod(RValue, Interpreter)
    /// An instance with only `__getitem__`: items 0, 1, 2, ... until IndexError.
    case indexed(InstanceObject, Interpreter)
  }
  private let source: Source
  private var position = 0

  init(list: ListBox) { source = .list(list) }
  init(array: [RValue]) { source = .array(array) }
  init(range: RangeValue) { source = .range(range, count: range.count) }
  init(lazy iterator: any LazyIterator, _ interpreter: Interpreter) {
    source = .lazy(iterator, interpreter)
  }
  init(next iterator: RValue, _ interpreter: Interpreter) {
    source = .nextMethod(iterator, interpreter)
  }
  init(indexing instance: InstanceObject, _ interpreter: Interpreter) {
    source = .indexed(instance, interpreter)
  }

  mutating func next() throws(ReplError) -> RValue? {
    let k = position
    position += 1
    switch source {
    case .list(let box): return k < box.items.count ? box.items[k] : nil
    case .array(let items): return k < items.count ? items[k] : nil
    case .range(let r, let count): return k < count ? .int(r.element(k)) : nil
    case .lazy(let iterator, let interpreter): return try iterator.next(in: interpreter)
    case .nextMethod(let iterator, let interpreter):
      do {
        return try interpreter.callMethod(iterator, "__next__", Arguments([]))
      } catch {
        if error.kind == "StopIteration" { return nil }
        throw error
      }
    case .indexed(let instance, let interpreter):
      do {
        return try interpreter.callDunder(instance, "__getitem__", [.int(k)])
      } catch {
        if error.kind == "IndexError" || error.kind == "StopIteration" { return nil }
        throw error
      }
    }
  }
}

extension Interpreter {
  func makeIterator(_ value: RValue) throws(ReplError) -> RIterator {
    switch value {
    case .list(let box): return RIterator(list: box)
    case .tuple(let items): return RIterator(array: items.array)
    case .range(let r): return RIterator(range: r)
    case .str(let s): return RIterator(array: s.map { .str(String($0)) })
    case .dict(let d): return RIterator(array: d.keys)
    case .object(let o as InstanceObject): return try instanceIterator(o)
    case .object(let o):
      if let lazy = o as? any LazyIterator { return RIterator(lazy: lazy, self) }
      if let items = try o.items() { return RIterator(array: items) }
    default: break
    }
    throw ReplError.type("'\(value.typeName)' object is not iterable")
  }

  /// All items of an iterable, as an array (refusing absurd sizes).
  public func collect(_ value: RValue) throws(ReplError) -> [RValue] {
    switch value {
    case .list(let box): return box.items
    case .tuple(let items): return items.array
    case .range(let r):
      guard r.count <= maximumCollectionSize else {
        throw ReplError(
          "MemoryError",
          "range of \(r.count) numbers is too large to make into a list "
            + "(the limit is \(maximumCollectionSize))")
      }
      return (0..<r.count).map { .int(r.element($0)) }
    default:
      var iterator = try makeIterator(value)
      var out: [RValue] = []
      while let item = try iterator.next() {
        guard out.count < maximumCollectionSize else {
          throw ReplError(
            "MemoryError",
            "more than \(maximumCollectionSize) items: too many to make into a list")
        }
        out.append(item)
      }
      return out
    }
  }
}
