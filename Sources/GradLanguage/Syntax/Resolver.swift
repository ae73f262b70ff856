// Name resolution, done once before code runs.
//
// Python decides a name's scope by where it is assigned: a name assigned
// anywhere in a function body is local to that function (unless declared
// `global`); elsewhere it is global. Comprehension variables get fresh slots
// of their own, so `[x for x in xs]` never clobbers an outer `x`. Functions
// nested in functions reach the enclosing frame by reference (depth, slot),
// which gives Python's closure semantics without cells.

struct Resolver {
  private final class Scope {
    let parent: Scope?
    let isModule: Bool
    /// A class body: its names are the class's attributes, which the functions defined
    /// inside it do not see as variables (Python's rule: a method reads `self.x`, not `x`).
    var isClass = false
    var slots: [String: Int] = [:]
    var size = 0
    var declaredGlobal: Set<String> = []
    /// Names declared `nonlocal`: they live in an enclosing function's frame.
    var declaredNonlocal: Set<String> = []
    /// Comprehension variables, innermost layer last.
    var layers: [[String: Int]] = []
    var loopDepth = 0

    init(parent: Scope?, isModule: Bool) {
      self.parent = parent
      self.isModule = isModule
    }

    func newSlot() -> Int {
      size += 1
      return size - 1
    }

    /// The slot of `name` in this scope, if it lives here.
    func slot(of name: String) -> Int? {
      for layer in layers.reversed() {
        if let slot = layer[name] { return slot }
      }
      return isModule ? nil : slots[name]
    }
  }

  private var scope: Scope
  private let stack = StackGuard()
  /// Whether names bound nowhere in the program are built-ins rather than the session's
  /// globals (a module written in the language runs apart from the session's globals).
  private var unboundNamesAreBuiltins = false
  /// Where the program's text came from; every function in it keeps this for tracebacks.
  private var source: SourceText?

  /// Resolves a top-level program; returns the size of its frame (comprehension variables).
  static func resolveProgram(_ statements: [Stmt], source: SourceText? = nil) throws(ReplError)
    -> Int
  {
    var resolver = Resolver(scope: Scope(parent: nil, isModule: true))
    resolver.source = source
    try resolver.block(statements)
    return resolver.scope.size
  }

  /// Resolves the text of a module that runs apart from the session's globals: its top-level
  /// names are slots of a frame of its own (so functions and classes defined there reach them
  /// as enclosing variables), and every other name is a built-in.
  /// - Returns: the size of that frame and the name of each slot.
  /// - Parameter predefined: names the module has before its text runs (its native members),
  ///   which get slots of their own.
  static func resolveIsolatedModule(
    _ statements: [Stmt], source: SourceText, predefined: [String] = []
  ) throws(ReplError) -> (frameSize: Int, names: [String]) {
    let top = Scope(parent: nil, isModule: false)
    for name in predefined where top.slots[name] == nil { top.slots[name] = top.newSlot() }
    var assigned: [String] = []
    var globals: Set<String> = []
    collectAssigned(statements, into: &assigned, globals: &globals)
    for name in assigned where top.slots[name] == nil { top.slots[name] = top.newSlot() }
    var resolver = Resolver(scope: top)
    resolver.source = source
    resolver.unboundNamesAreBuiltins = true
    try resolver.block(statements)
    var names = [String](repeating: "", count: top.size)
    for (name, slot) in top.slots { names[slot] = name }
    return (top.size, names)
  }

  // MARK: Scopes

  private func lookup(_ site: NameSite) {
    var depth = 0
    var s: Scope? = scope
    while let current = s {
      // A class body encloses nothing: a method looking outward skips it (and its frame,
      // which the method's function does not keep; see Interpreter.makeFunction).
      if current.isClass && current !== scope {
        s = current.parent
        continue
      }
      if depth == 0 && current.declaredGlobal.contains(site.name) { return }
      if let slot = current.slot(of: site.name) {
        site.scope = depth == 0 ? .local(slot) : .enclosing(depth: depth, slot: slot)
        return
      }
      if current.declaredGlobal.contains(site.name) { return }
      s = current.parent
      depth += 1
    }
    // Left as .global(symbol), or read from the built-ins alone in an isolated module.
    if unboundNamesAreBuiltins, case .global(let id) = site.scope { site.scope = .builtin(id) }
  }

  private mutating func function(_ code: FunctionCode) throws(ReplError) {
    code.source = source
    let inner = Scope(parent: scope, isModule: false)
    for parameter in code.parameters {
      inner.slots[parameter.name] = inner.newSlot()
    }
    var assigned: [String] = []
    var globals: Set<String> = []
    Resolver.collectAssigned(code.body, into: &assigned, globals: &globals)
    inner.declaredGlobal = globals
    inner.declaredNonlocal = Resolver.nonlocalNames(in: code.body)
    for name in inner.declaredNonlocal {
      // `nonlocal x` needs an x in an enclosing function (not the session's globals).
      var outer: Scope? = scope
      var found = false
      while let s = outer, !s.isModule {
        if s.slots[name] != nil && !s.declaredGlobal.contains(name) {
          found = true
          break
        }
        outer = s.parent
      }
      guard found else {
        throw .syntax("no binding for nonlocal '\(name)' found", at: code.position)
      }
    }
    assigned += code.namedExpressionTargets
    for name in assigned
    where inner.slots[name] == nil && !globals.contains(name)
      && !inner.declaredNonlocal.contains(name)
    {
      inner.slots[name] = inner.newSlot()
    }
    let outer = scope
    scope = inner
    defer { scope = outer }
    try block(code.body)
    code.frameSize = inner.size
    var names = [String](repeating: "", count: inner.size)
    for (name, slot) in inner.slots { names[slot] = name }
    code.localNames = names
  }

  /// A class body: a frame of its own whose every bound name becomes a class attribute.
  private mutating func classBody(_ code: ClassCode) throws(ReplError) {
    let inner = Scope(parent: scope, isModule: false)
    inner.isClass = true
    var assigned: [String] = []
    var globals: Set<String> = []
    Resolver.collectAssigned(code.body, into: &assigned, globals: &globals)
    inner.declaredGlobal = globals
    for name in assigned where inner.slots[name] == nil && !globals.contains(name) {
      inner.slots[name] = inner.newSlot()
    }
    let outer = scope
    scope = inner
    defer { scope = outer }
    try block(code.body)
    code.frameSize = inner.size
    var names = [String](repeating: "", count: inner.size)
    for (name, slot) in inner.slots { names[slot] = name }
    code.localNames = names
  }

  /// Names a function body binds (assignment targets, loop variables, defs, imports).
  private static func collectAssigned(
    _ body: [Stmt], into names: inout [String], globals: inout Set<String>
  ) {
    func targets(_ e: Expr) {
      switch e {
      case .name(let site): names.append(site.name)
      case .tuple(let items, _), .list(let items, _): items.forEach(targets)
      case .starred(let inner, _): targets(inner)
      default: break
      }
    }
    for statement in body {
      switch statement {
      case .assign(let ts, _, _): ts.forEach(targets)
      case .augmentedAssign(let t, _, _, _): targets(t)
      case .forLoop(let t, _, let b, _):
        targets(t)
        collectAssigned(b, into: &names, globals: &globals)
      case .whileLoop(_, let b, _): collectAssigned(b, into: &names, globals: &globals)
      case .ifElse(let branches, let otherwise, _):
        for branch in branches { collectAssigned(branch.body, into: &names, globals: &globals) }
        if let otherwise { collectAssigned(otherwise, into: &names, globals: &globals) }
      case .functionDefinition(_, let site), .classDefinition(_, let site):
        names.append(site.name)
      case .with(let items, let b, _):
        for item in items { if let t = item.target { targets(t) } }
        collectAssigned(b, into: &names, globals: &globals)
      case .importModules(let modules, _): names += modules.map(\.site.name)
      case .importNames(_, let imported, _): names += imported.map(\.site.name)
      case .delete(let ts, _): ts.forEach(targets)
      case .global(let declared, _): globals.formUnion(declared)
      case .tryStatement(let b, let handlers, let otherwise, let finally, _):
        collectAssigned(b, into: &names, globals: &globals)
        for handler in handlers {
          if let site = handler.name { names.append(site.name) }
          collectAssigned(handler.body, into: &names, globals: &globals)
        }
        for extra in [otherwise, finally] {
          if let extra { collectAssigned(extra, into: &names, globals: &globals) }
        }
      default: break
      }
    }
  }

  /// The names a function body declares `nonlocal` (in any of its blocks, not nested defs).
  private static func nonlocalNames(in body: [Stmt]) -> Set<String> {
    var names: Set<String> = []
    for statement in body {
      switch statement {
      case .nonlocal(let declared, _): names.formUnion(declared)
      case .forLoop(_, _, let b, _), .whileLoop(_, let b, _): names.formUnion(nonlocalNames(in: b))
      case .ifElse(let branches, let otherwise, _):
        for branch in branches { names.formUnion(nonlocalNames(in: branch.body)) }
        names.formUnion(nonlocalNames(in: otherwise ?? []))
      case .tryStatement(let b, let handlers, let otherwise, let finally, _):
        names.formUnion(nonlocalNames(in: b))
        for handler in handlers { names.formUnion(nonlocalNames(in: handler.body)) }
        names.formUnion(nonlocalNames(in: (otherwise ?? []) + (finally ?? [])))
      default: break
      }
    }
    return names
  }

  /// Binds the target of `name := value`: a local of the enclosing function (or a global at
  /// the top level), never a comprehension's own variable.
  private func bindNamedExpression(_ site: NameSite) {
    var depth = 0
    var s: Scope? = scope
    while let current = s, !current.isModule {
      if current.declaredGlobal.contains(site.name) { return }
      if let slot = current.slots[site.name] {
        site.scope = depth == 0 ? .local(slot) : .enclosing(depth: depth, slot: slot)
        return
      }
      s = current.parent
      depth += 1
    }
  }

  // MARK: Walking the tree

  private mutating func block(_ statements: [Stmt]) throws(ReplError) {
    for statement in statements { try self.statement(statement) }
  }

  private mutating func statement(_ s: Stmt) throws(ReplError) {
    switch s {
    case .expression(let e, _, _): try expression(e)
    case .assign(let targets, let value, _):
      try expression(value)
      for t in targets { try expression(t) }
    case .augmentedAssign(let target, _, let value, _):
      try expression(value)
      try expression(target)
    case .ifElse(let branches, let otherwise, _):
      for branch in branches {
        try expression(branch.condition)
        try block(branch.body)
      }
      if let otherwise { try block(otherwise) }
    case .whileLoop(let condition, let body, _):
      try expression(condition)
      scope.loopDepth += 1
      try block(body)
      scope.loopDepth -= 1
    case .forLoop(let target, let iterable, let body, _):
      try expression(iterable)
      try expression(target)
      scope.loopDepth += 1
      try block(body)
      scope.loopDepth -= 1
    case .functionDefinition(let code, let site):
      for decorator in code.decorators { try expression(decorator) }
      for parameter in code.parameters {
        if let d = parameter.defaultValue { try expression(d) }
      }
      lookup(site)
      code.definedInClassBody = scope.isClass
      try function(code)
    case .classDefinition(let code, let site):
      for decorator in code.decorators { try expression(decorator) }
      for base in code.bases { try expression(base) }
      lookup(site)
      try classBody(code)
    case .with(let items, let body, _):
      for item in items {
        try expression(item.context)
        if let t = item.target { try expression(t) }
      }
      try block(body)
    case .returnValue(let e, let p):
      guard !scope.isModule && !scope.isClass else {
        throw .syntax("'return' outside function", at: p)
      }
      if let e { try expression(e) }
    case .breakLoop(let p):
      guard scope.loopDepth > 0 else { throw .syntax("'break' outside loop", at: p) }
    case .continueLoop(let p):
      guard scope.loopDepth > 0 else { throw .syntax("'continue' not properly in loop", at: p) }
    case .pass: break
    case .delete(let targets, _):
      for t in targets { try expression(t) }
    case .assert(let condition, let message, _):
      try expression(condition)
      if let message { try expression(message) }
    case .importModules(let modules, _):
      for module in modules { lookup(module.site) }
    case .importAll(_, let p):
      guard scope.isModule else { throw .syntax("import * only allowed at module level", at: p) }
    case .nonlocal(_, let p):
      guard !scope.isModule else {
        throw .syntax("nonlocal declaration not allowed at module level", at: p)
      }
    case .importNames(_, let imported, _):
      for (_, site) in imported { lookup(site) }
    case .tryStatement(let body, let handlers, let otherwise, let finally, _):
      try block(body)
      for handler in handlers {
        if let type = handler.type { try expression(type) }
        if let site = handler.name { lookup(site) }
        try block(handler.body)
      }
      if let otherwise { try block(otherwise) }
      if let finally { try block(finally) }
    case .raise(let e, _):
      if let e { try expression(e) }
    case .global(let names, let p):
      if !scope.isModule {
        for name in names where scope.slots[name] != nil && !scope.declaredGlobal.contains(name) {
          throw .syntax("name '\(name)' is assigned to before global declaration", at: p)
        }
      }
    }
  }

  private mutating func expression(_ e: Expr) throws(ReplError) {
    guard stack.hasRoom else { throw .syntax("expression too deeply nested", at: e.position) }
    switch e {
    case .constant: break
    case .name(let site): lookup(site)
    case .list(let items, _), .tuple(let items, _), .setDisplay(let items, _):
      for item in items { try expression(item) }
    case .dict(let pairs, _):
      for pair in pairs {
        try expression(pair.key)
        try expression(pair.value)
      }
    case .formatString(let parts, _):
      for part in parts { try formatPart(part) }
    case .binary(_, let a, let b, _), .and(let a, let b, _), .or(let a, let b, _),
      .subscript(let a, let b, _):
      try expression(a)
      try expression(b)
    case .unary(_, let a, _), .attribute(let a, _, _): try expression(a)
    case .compare(let first, let rest, _):
      try expression(first)
      for (_, e) in rest { try expression(e) }
    case .conditional(let c, let t, let o, _):
      try expression(c)
      try expression(t)
      try expression(o)
    case .slice(let a, let b, let c, _):
      for part in [a, b, c] { if let part { try expression(part) } }
    case .call(let callee, let arguments, _):
      try expression(callee)
      for argument in arguments {
        switch argument {
        case .positional(let a), .keyword(_, let a, _), .spread(let a), .keywordSpread(let a):
          try expression(a)
        }
      }
    case .comprehension(let element, let clauses, _),
      .setComprehension(let element, let clauses, _):
      try comprehension(clauses) { (r: inout Resolver) throws(ReplError) in
        try r.expression(element)
      }
    case .dictComprehension(let key, let value, let clauses, _):
      try comprehension(clauses) { (r: inout Resolver) throws(ReplError) in
        try r.expression(key)
        try r.expression(value)
      }
    case .lambda(let code, _):
      for parameter in code.parameters {
        if let d = parameter.defaultValue { try expression(d) }
      }
      code.definedInClassBody = scope.isClass
      try function(code)
    case .yield(let value, let p):
      try checkYieldPlace(p)
      if let value { try expression(value) }
    case .yieldFrom(let value, let p):
      try checkYieldPlace(p)
      try expression(value)
    case .namedExpression(let site, let value, _):
      try expression(value)
      bindNamedExpression(site)
    case .starred(let inner, _): try expression(inner)
    case .generatorExpression(let element, let clauses, _):
      try comprehension(clauses) { (r: inout Resolver) throws(ReplError) in
        try r.expression(element)
      }
    }
  }

  /// `yield` belongs directly in a function body (a comprehension is a scope of its own in
  /// Python, where it would make the comprehension itself a generator).
  private func checkYieldPlace(_ p: SourcePosition) throws(ReplError) {
    guard !scope.isModule else { throw .syntax("'yield' outside function", at: p) }
    guard scope.layers.isEmpty else {
      throw .syntax("'yield' inside a comprehension or generator expression", at: p)
    }
  }

  private mutating func formatPart(_ part: FormatPart) throws(ReplError) {
    switch part {
    case .text: break
    case .field(let e, _, _): try expression(e)
    case .richField(let e, let spec, _, _):
      try expression(e)
      for nested in spec ?? [] { try formatPart(nested) }
    }
  }

  private mutating func comprehension(
    _ clauses: [ComprehensionClause], body: (inout Resolver) throws(ReplError) -> Void
  ) throws(ReplError) {
    scope.layers.append([:])
    defer { scope.layers.removeLast() }
    for clause in clauses {
      switch clause {
      case .forIn(let target, let iterable):
        try expression(iterable)
        declare(target)
        try expression(target)
      case .condition(let c): try expression(c)
      }
    }
    try body(&self)
  }

  /// Gives each name in a comprehension target a fresh slot in the innermost layer.
  private func declare(_ target: Expr) {
    switch target {
    case .name(let site):
      if let last = scope.layers.indices.last, scope.layers[last][site.name] == nil {
        scope.layers[last][site.name] = scope.newSlot()
      }
    case .tuple(let items, _), .list(let items, _): items.forEach(declare)
    case .starred(let inner, _): declare(inner)
    default: break
    }
  }
}
