// The parser: tokens -> syntax tree, by recursive descent over Python's grammar.
//
// Precedence, loosest first:
//   lambda, x if c else y  <  or  <  and  <  not  <  comparisons (chained)
//   <  + -  <  * / // % @  <  unary + -  <  **  <  calls, attributes, subscripts

/// Maps names to small integers so globals live in an array, not a dictionary.
final class SymbolTable {
  private var ids: [String: Int] = [:]
  private(set) var names: [String] = []

  init() {}

  /// The id of `name`, adding it when new.
  func id(_ name: String) -> Int {
    if let id = ids[name] { return id }
    let id = names.count
    ids[name] = id
    names.append(name)
    return id
  }

  /// The id of `name` if it has one.
  func existingID(_ name: String) -> Int? { ids[name] }
}

/// Expressions nest at most this deep (beyond brackets: unary operators, `**` chains...).
let maximumExpressionDepth = 200
/// At most this many operators in a row (`a + b + c ...`, `x.f().g()...`): each one nests
/// the tree one level deeper on the left.
let maximumChainLength = 500

struct Parser {
  private var tokens: [Token]
  private var k = 0
  private let symbols: SymbolTable
  private var depth = 0
  private let stack = StackGuard()
  /// What the functions being parsed contain, innermost last (see `FunctionFeatures`).
  private var functions: [FunctionFeatures] = []

  /// What parsing a function body found: a `yield` makes it a generator function, and `:=`
  /// targets are its locals even when they sit in a comprehension.
  private struct FunctionFeatures {
    var containsYield = false
    var namedExpressionTargets: [String] = []
  }

  init(tokens: [Token], symbols: SymbolTable) {
    self.tokens = tokens
    self.symbols = symbols
  }

  /// Parses a whole program (a script, or one entry at the prompt).
  static func parseProgram(_ source: String, symbols: SymbolTable) throws(ReplError) -> [Stmt] {
    var parser = Parser(tokens: try Lexer.tokenize(source), symbols: symbols)
    return try parser.program()
  }

  // MARK: Token helpers

  private var current: Token { tokens[min(k, tokens.count - 1)] }

  private mutating func advance() -> Token {
    let t = current
    if k < tokens.count - 1 { k += 1 }
    return t
  }

  private func check(_ op: String) -> Bool { current.isOp(op) }

  /// Only closing DEDENTs are left: the input stopped here (more lines may follow).
  private var atEndOfInput: Bool {
    var j = k
    while j < tokens.count, tokens[j].kind == .dedent { j += 1 }
    return j >= tokens.count || tokens[j].kind == .endOfInput
  }
  private func checkKeyword(_ word: String) -> Bool { current.isKeyword(word) }

  private mutating func accept(_ op: String) -> Bool {
    if check(op) {
      _ = advance()
      return true
    }
    return false
  }

  private mutating func acceptKeyword(_ word: String) -> Bool {
    if checkKeyword(word) {
      _ = advance()
      return true
    }
    return false
  }

  private func unexpected(_ expecting: String? = nil) -> ReplError {
    let t = current
    // A Python form this language lacks, or a mistake Python names, says so.
    if let named = UnsupportedSyntax.named(tokens, at: k) { return named }
    switch t.kind {
    case .endOfInput:
      return .incomplete("unexpected end of input", at: t.position)
    case .indent:
      return .indentation("unexpected indent", at: t.position)
    case .dedent:
      return .indentation("unexpected unindent", at: t.position)
    case .newline:
      if let expecting { return .syntax("expected \(expecting)", at: t.position) }
      return .syntax("invalid syntax", at: t.position)
    default:
      if let expecting { return .syntax("invalid syntax (expected \(expecting))", at: t.position) }
      return .syntax("invalid syntax", at: t.position)
    }
  }

  private mutating func expect(_ op: String) throws(ReplError) {
    guard accept(op) else { throw unexpected("'\(op)'") }
  }

  private mutating func name() throws(ReplError) -> (String, SourcePosition) {
    let t = current
    guard case .name(let word) = t.kind, !reservedWords.contains(word) else {
      throw unexpected("a name")
    }
    _ = advance()
    return (word, t.position)
  }

  private mutating func site(_ word: String, _ position: SourcePosition) -> NameSite {
    NameSite(name: word, symbol: symbols.id(word), position: position)
  }

  private mutating func enter() throws(ReplError) {
    depth += 1
    guard depth <= maximumExpressionDepth, stack.hasRoom else {
      throw .syntax("expression too deeply nested", at: current.position)
    }
  }

  /// Counts one more operator in a left-nested chain, refusing absurdly long ones.
  private func extendChain(_ length: inout Int) throws(ReplError) {
    length += 1
    guard length <= maximumChainLength else {
      throw .syntax(
        "expression too long: more than \(maximumChainLength) operators in a row "
          + "(split it into several statements)", at: current.position)
    }
  }

  // MARK: Statements

  mutating func program() throws(ReplError) -> [Stmt] {
    var statements: [Stmt] = []
    while true {
      switch current.kind {
      case .endOfInput: return statements
      case .newline: _ = advance()
      default: statements += try statement()
      }
    }
  }

  private mutating func statement() throws(ReplError) -> [Stmt] {
    let t = current
    if t.isOp("@") { return [try decorated()] }
    guard case .name(let word) = t.kind else { return try simpleStatements() }
    switch word {
    case "class": return [try classDefinition()]
    case "with": return [try withStatement()]
    case "if": return [try ifStatement()]
    case "try": return [try tryStatement()]
    case "while":
      _ = advance()
      let condition = try namedTest()
      let body = try block()
      return [.whileLoop(condition: condition, body: body, t.position)]
    case "for":
      _ = advance()
      let target = try targetList()
      guard acceptKeyword("in") else { throw unexpected("'in'") }
      let iterable = try testList()
      let body = try block()
      return [.forLoop(target: target, iterable: iterable, body: body, t.position)]
    case "def":
      return [try functionDefinition()]
    default:
      return try simpleStatements()
    }
  }

  /// `@expr` lines, then the `def` or `class` they decorate.
  private mutating func decorated() throws(ReplError) -> Stmt {
    var decorators: [Expr] = []
    while accept("@") {
      decorators.append(try test())
      guard current.kind == .newline else { throw unexpected("a new line after the decorator") }
      _ = advance()
      while current.kind == .newline { _ = advance() }
    }
    if checkKeyword("def") {
      let definition = try functionDefinition()
      if case .functionDefinition(let code, _) = definition { code.decorators = decorators }
      return definition
    }
    if checkKeyword("class") {
      let definition = try classDefinition()
      if case .classDefinition(let code, _) = definition { code.decorators = decorators }
      return definition
    }
    if current.kind == .endOfInput {
      throw .incomplete("expected 'def' or 'class' after a decorator", at: current.position)
    }
    throw .syntax("expected 'def' or 'class' after a decorator", at: current.position)
  }

  /// `class Name(Base):` and its block; the base list may be left out or empty.
  private mutating func classDefinition() throws(ReplError) -> Stmt {
    let start = advance().position
    let (cname, cposition) = try name()
    var bases: [Expr] = []
    if accept("(") {
      while !check(")") {
        if case .name(let word) = current.kind, k + 1 < tokens.count, tokens[k + 1].isOp("=") {
          throw .syntax(
            "class keyword arguments ('\(word)=') are not supported", at: current.position)
        }
        bases.append(try test())
        if !accept(",") { break }
      }
      try expect(")")
    }
    let body = try block()
    let code = ClassCode(
      name: cname, bases: bases, body: body, position: start,
      docstring: Parser.docstring(of: body))
    return .classDefinition(code, site(cname, cposition))
  }

  /// `with a as b, c:` and its block.
  private mutating func withStatement() throws(ReplError) -> Stmt {
    let start = advance().position
    var items: [WithItem] = []
    // `with (a as b, c as d):` groups the items in brackets.
    let grouped = opensGroupedWithItems
    if grouped { _ = advance() }
    repeat {
      if grouped && check(")") { break }
      let context = try test()
      var target: Expr?
      if acceptKeyword("as") { target = try self.target(from: try targetAtom()) }
      items.append(WithItem(context: context, target: target))
    } while accept(",")
    if grouped { try expect(")") }
    let body = try block()
    return .with(items, body: body, start)
  }

  /// Whether a `(` after `with` brackets the items (`with (open(a) as f, b):`) rather than
  /// starting the first context expression (`with (a):`).
  private var opensGroupedWithItems: Bool {
    guard check("(") else { return false }
    var depth = 0
    var j = k
    while j < tokens.count {
      if tokens[j].isOp("(") { depth += 1 }
      if tokens[j].isOp(")") {
        depth -= 1
        if depth == 0 { return false }
      }
      if depth == 1 && (tokens[j].isKeyword("as") || tokens[j].isOp(",")) { return true }
      if tokens[j].kind == .newline || tokens[j].kind == .endOfInput { return false }
      j += 1
    }
    return false
  }

  /// The target after `as`: a name, attribute, subscript or a bracketed tuple.
  private mutating func targetAtom() throws(ReplError) -> Expr {
    try bitOr()
  }

  private mutating func functionDefinition() throws(ReplError) -> Stmt {
    let t = advance()
    let (fname, fposition) = try name()
    try expect("(")
    let parameters = try parameterList(closing: ")")
    try expect(")")
    if accept("->") { _ = try test() }
    functions.append(FunctionFeatures())
    let body = try block()
    let code = FunctionCode(
      name: fname, parameters: parameters, body: body, position: t.position,
      docstring: Parser.docstring(of: body))
    finishFunction(code)
    return .functionDefinition(code, site(fname, fposition))
  }

  private static func docstring(of body: [Stmt]) -> String? {
    if case .expression(.constant(.str(let text), _), _, _) = body.first { return text }
    return nil
  }

  private mutating func ifStatement() throws(ReplError) -> Stmt {
    let start = advance().position
    var branches: [(condition: Expr, body: [Stmt])] = []
    let condition = try namedTest()
    branches.append((condition, try block()))
    var otherwise: [Stmt]?
    while true {
      if acceptKeyword("elif") {
        let c = try namedTest()
        branches.append((c, try block()))
      } else if acceptKeyword("else") {
        otherwise = try block()
        break
      } else {
        break
      }
    }
    return .ifElse(branches: branches, otherwise: otherwise, start)
  }

  private mutating func tryStatement() throws(ReplError) -> Stmt {
    let start = advance().position
    let body = try block()
    var handlers: [ExceptHandler] = []
    while checkKeyword("except") {
      let position = advance().position
      var type: Expr?
      var boundName: NameSite?
      if !check(":") {
        type = try test()
        if acceptKeyword("as") {
          let (n, p) = try name()
          boundName = site(n, p)
        }
      }
      if handlers.last.map({ $0.type == nil }) ?? false {
        throw .syntax("default 'except:' must be last", at: position)
      }
      handlers.append(
        ExceptHandler(type: type, name: boundName, body: try block(), position: position))
    }
    var otherwise: [Stmt]?
    if !handlers.isEmpty, acceptKeyword("else") { otherwise = try block() }
    var finally: [Stmt]?
    if acceptKeyword("finally") { finally = try block() }
    guard !handlers.isEmpty || finally != nil else {
      if current.kind == .endOfInput || atEndOfInput {
        throw .incomplete("expected 'except' or 'finally' block", at: current.position)
      }
      throw .syntax("expected 'except' or 'finally' block", at: current.position)
    }
    return .tryStatement(
      body: body, handlers: handlers, otherwise: otherwise, finally: finally, start)
  }

  /// `: statement` on the same line, or NEWLINE INDENT statements DEDENT.
  private mutating func block() throws(ReplError) -> [Stmt] {
    try expect(":")
    guard current.kind == .newline else { return try simpleStatements() }
    _ = advance()
    guard current.kind == .indent else {
      if atEndOfInput {
        throw .incomplete("expected an indented block", at: current.position)
      }
      throw .indentation("expected an indented block", at: current.position)
    }
    _ = advance()
    var body: [Stmt] = []
    while current.kind != .dedent && current.kind != .endOfInput {
      if current.kind == .newline {
        _ = advance()
        continue
      }
      body += try statement()
    }
    _ = advance()
    return body
  }

  private mutating func simpleStatements() throws(ReplError) -> [Stmt] {
    var statements = [try smallStatement()]
    while accept(";") {
      if current.kind == .newline || current.kind == .endOfInput {
        if case .expression(let e, _, let p) = statements.last {
          statements[statements.count - 1] = .expression(e, silent: true, p)
        }
        break
      }
      statements.append(try smallStatement())
    }
    guard current.kind == .newline || current.kind == .endOfInput else { throw unexpected() }
    _ = advance()
    return statements
  }

  private mutating func smallStatement() throws(ReplError) -> Stmt {
    let t = current
    if case .name(let word) = t.kind {
      switch word {
      case "pass":
        _ = advance()
        return .pass(t.position)
      case "break":
        _ = advance()
        return .breakLoop(t.position)
      case "continue":
        _ = advance()
        return .continueLoop(t.position)
      case "return":
        _ = advance()
        if current.kind == .newline || current.kind == .endOfInput || check(";") {
          return .returnValue(nil, t.position)
        }
        return .returnValue(try testList(), t.position)
      case "del":
        _ = advance()
        var targets = [try target(from: try expression(), deleting: true)]
        while accept(",") { targets.append(try target(from: try expression(), deleting: true)) }
        return .delete(targets, t.position)
      case "raise":
        _ = advance()
        if current.kind == .newline || current.kind == .endOfInput || check(";") {
          return .raise(nil, t.position)
        }
        let exception = try test()
        if acceptKeyword("from") { _ = try test() }
        return .raise(exception, t.position)
      case "assert":
        _ = advance()
        let condition = try test()
        let message = accept(",") ? try test() : nil
        return .assert(condition, message: message, t.position)
      case "import":
        _ = advance()
        var modules: [ImportedModule] = []
        repeat {
          let (first, position) = try name()
          var path = first
          while accept(".") { path += "." + (try name().0) }
          if acceptKeyword("as") {
            let (alias, aliasPosition) = try name()
            modules.append(
              ImportedModule(path: path, site: site(alias, aliasPosition), bindsTopLevel: false))
          } else {
            modules.append(
              ImportedModule(path: path, site: site(first, position), bindsTopLevel: true))
          }
        } while accept(",")
        return .importModules(modules, t.position)
      case "from":
        _ = advance()
        var (module, _) = try name()
        while accept(".") { module += "." + (try name().0) }
        guard acceptKeyword("import") else { throw unexpected("'import'") }
        if accept("*") { return .importAll(module: module, t.position) }
        let parenthesized = accept("(")
        var names: [(name: String, site: NameSite)] = []
        repeat {
          if parenthesized && check(")") { break }
          let (imported, position) = try name()
          if acceptKeyword("as") {
            let (alias, aliasPosition) = try name()
            names.append((imported, site(alias, aliasPosition)))
          } else {
            names.append((imported, site(imported, position)))
          }
        } while accept(",")
        if parenthesized { try expect(")") }
        return .importNames(module: module, names, t.position)
      case "global", "nonlocal":
        _ = advance()
        var names = [try name().0]
        while accept(",") { names.append(try name().0) }
        return word == "global" ? .global(names, t.position) : .nonlocal(names, t.position)
      case "yield":
        return .expression(try yieldExpression(), silent: false, t.position)
      default: break
      }
    }
    let first = try testList()
    if check(":"), case .some = augmentable(first) {
      return try annotatedAssignment(first, at: t.position)
    }
    for op in ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "|=", "&=", "^=", "<<=", ">>="]
    where check(op) {
      let opPosition = advance().position
      guard case .some = augmentable(first) else {
        throw .syntax(
          "'\(describe(first))' is an illegal expression for augmented assignment",
          at: opPosition)
      }
      let value = try valueList()
      let binary = BinaryOperator(rawValue: String(op.dropLast())) ?? .add
      return .augmentedAssign(target: first, binary, value, opPosition)
    }
    if check("=") {
      var targets = [first]
      var value = first
      while accept("=") {
        value = try valueList()
        targets.append(value)
      }
      targets.removeLast()
      for (index, target) in targets.enumerated() {
        targets[index] = try self.target(from: target)
      }
      return .assign(targets: targets, value: value, t.position)
    }
    if case .starred(_, let p) = first {
      throw .syntax("can't use starred expression here", at: p)
    }
    return .expression(first, silent: false, t.position)
  }

  /// `x: int = 3` assigns (the annotation is parsed and ignored); `x: list[int]` alone
  /// declares nothing at run time.
  private mutating func annotatedAssignment(_ target: Expr, at position: SourcePosition)
    throws(ReplError) -> Stmt
  {
    _ = advance()
    _ = try test()
    guard accept("=") else { return .pass(position) }
    return .assign(targets: [try self.target(from: target)], value: try valueList(), position)
  }

  /// The right-hand side of `=`: a tuple, one expression, or a `yield` expression.
  private mutating func valueList() throws(ReplError) -> Expr {
    checkKeyword("yield") ? try yieldExpression() : try testList()
  }

  /// `yield`, `yield value`, `yield a, b` or `yield from iterable`; marks the function being
  /// parsed as a generator function (the resolver rejects a `yield` outside any function).
  private mutating func yieldExpression() throws(ReplError) -> Expr {
    let position = advance().position
    if !functions.isEmpty { functions[functions.count - 1].containsYield = true }
    if acceptKeyword("from") { return .yieldFrom(try test(), position) }
    switch current.kind {
    case .newline, .endOfInput: return .yield(nil, position)
    case .op(let o) where [")", ";", "=", "]", "}"].contains(o): return .yield(nil, position)
    default: return .yield(try testList(), position)
    }
  }

  /// Records what the body of `code` (just parsed) contained.
  private mutating func finishFunction(_ code: FunctionCode) {
    guard let features = functions.popLast() else { return }
    code.isGenerator = features.containsYield
    code.namedExpressionTargets = features.namedExpressionTargets
  }

  /// An expression that may be `name := value` (conditions, arguments, list items).
  private mutating func namedTest() throws(ReplError) -> Expr {
    guard case .name(let word) = current.kind, !reservedWords.contains(word),
      k + 1 < tokens.count, tokens[k + 1].isOp(":=")
    else { return try test() }
    let (n, p) = try name()
    let position = advance().position
    if !functions.isEmpty { functions[functions.count - 1].namedExpressionTargets.append(n) }
    return .namedExpression(site(n, p), try test(), position)
  }

  /// A list, tuple or call item: `*items` (spread) or an expression that may be `name := value`.
  private mutating func starOrNamedTest() throws(ReplError) -> Expr {
    guard check("*") else { return try namedTest() }
    let position = advance().position
    return .starred(try bitOr(), position)
  }

  private func augmentable(_ e: Expr) -> Expr? {
    switch e {
    case .name, .attribute, .subscript: return e
    default: return nil
    }
  }

  /// Checks that `e` can be assigned to (or, for `del`, deleted).
  private func target(from e: Expr, deleting: Bool = false) throws(ReplError) -> Expr {
    switch e {
    case .name, .attribute, .subscript: return e
    case .tuple(let items, _), .list(let items, _):
      var starred = 0
      for item in items {
        if case .starred(let inner, let p) = item {
          starred += 1
          guard starred == 1 else {
            throw .syntax("multiple starred expressions in assignment", at: p)
          }
          _ = try target(from: inner, deleting: deleting)
        } else {
          _ = try target(from: item, deleting: deleting)
        }
      }
      return e
    case .starred(_, let p):
      throw .syntax("starred assignment target must be in a list or tuple", at: p)
    default:
      throw .syntax(
        "cannot \(deleting ? "delete" : "assign to") \(describe(e))", at: e.position)
    }
  }

  private func describe(_ e: Expr) -> String {
    switch e {
    case .constant(.bool(let b), _): return b ? "True" : "False"
    case .constant(.none, _): return "None"
    case .constant: return "literal"
    case .call: return "function call"
    case .binary, .unary: return "expression"
    case .compare: return "comparison"
    case .comprehension: return "list comprehension"
    case .lambda: return "lambda"
    case .and, .or: return "expression"
    case .conditional: return "conditional expression"
    default: return "expression"
    }
  }

  private mutating func parameterList(closing: String) throws(ReplError) -> [Parameter] {
    var parameters: [Parameter] = []
    var seenDefault = false
    var kind = Parameter.Kind.normal
    while !check(closing) {
      if parameters.last?.kind == .extraKeywords {
        throw .syntax(
          "arguments cannot follow **\(parameters.last?.name ?? "")", at: current.position)
      }
      var starred: Parameter.Kind?
      if accept("**") {
        starred = .extraKeywords
      } else if accept("*") {
        guard kind == .normal else {
          throw .syntax("* argument may appear only once", at: current.position)
        }
        kind = .keywordOnly
        if check(",") {
          _ = advance()
          continue
        }
        starred = .extraPositional
      }
      let (pname, position) = try name()
      if parameters.contains(where: { $0.name == pname }) {
        throw .syntax("duplicate argument '\(pname)' in function definition", at: position)
      }
      if check(":") && closing == ")" {
        _ = advance()
        _ = try test()
      }
      if let starred {
        parameters.append(
          Parameter(name: pname, defaultValue: nil, position: position, kind: starred))
        if !accept(",") { break }
        continue
      }
      var defaultValue: Expr?
      if accept("=") {
        defaultValue = try test()
        seenDefault = true
      } else if seenDefault && kind == .normal {
        throw .syntax(
          "parameter without a default follows parameter with a default",
          at: position)
      }
      parameters.append(
        Parameter(name: pname, defaultValue: defaultValue, position: position, kind: kind))
      if !accept(",") { break }
    }
    return parameters
  }

  // MARK: Expressions

  /// `a, b` (a tuple when there is a comma) or one expression.
  private mutating func testList() throws(ReplError) -> Expr {
    let first = try starOrTest()
    guard check(",") else { return first }
    var items = [first]
    while accept(",") {
      if endsList { break }
      items.append(try starOrTest())
    }
    return .tuple(items, first.position)
  }

  /// `*rest` (in a target or a tuple) or an expression.
  private mutating func starOrTest() throws(ReplError) -> Expr {
    guard check("*") else { return try test() }
    let position = advance().position
    return .starred(try bitOr(), position)
  }

  private var endsList: Bool {
    switch current.kind {
    case .newline, .endOfInput: return true
    case .op(let o): return ["=", ")", "]", "}", ";", ":"].contains(o) || o.hasSuffix("=")
    default: return false
    }
  }

  /// The target of `for` or a comprehension: `x` or `a, b` (stops before `in`).
  private mutating func targetList() throws(ReplError) -> Expr {
    let first = try targetItem()
    guard check(",") else { return try target(from: first) }
    var items = [first]
    while accept(",") {
      if checkKeyword("in") { break }
      items.append(try targetItem())
    }
    return try target(from: .tuple(items, first.position))
  }

  /// One item of a `for` target: `x`, `(a, b)` or `*rest`.
  private mutating func targetItem() throws(ReplError) -> Expr {
    guard check("*") else { return try arithmetic() }
    let position = advance().position
    return .starred(try arithmetic(), position)
  }

  mutating func expression() throws(ReplError) -> Expr { try test() }

  private mutating func test() throws(ReplError) -> Expr {
    try enter()
    defer { depth -= 1 }
    if checkKeyword("lambda") { return try lambda() }
    let value = try orTest()
    guard checkKeyword("if") else { return value }
    let position = advance().position
    let condition = try orTest()
    guard acceptKeyword("else") else {
      throw .syntax("expected 'else' after 'if' expression", at: current.position)
    }
    let otherwise = try test()
    return .conditional(condition: condition, then: value, otherwise: otherwise, position)
  }

  private mutating func lambda() throws(ReplError) -> Expr {
    let position = advance().position
    let parameters = try parameterList(closing: ":")
    try expect(":")
    functions.append(FunctionFeatures())
    let body = try test()
    let code = FunctionCode(
      name: "<lambda>", parameters: parameters, body: [.returnValue(body, body.position)],
      position: position, docstring: nil)
    finishFunction(code)
    return .lambda(code, position)
  }

  private mutating func orTest() throws(ReplError) -> Expr {
    var left = try andTest()
    var chain = 0
    while checkKeyword("or") {
      try extendChain(&chain)
      let position = advance().position
      left = .or(left, try andTest(), position)
    }
    return left
  }

  private mutating func andTest() throws(ReplError) -> Expr {
    var left = try notTest()
    var chain = 0
    while checkKeyword("and") {
      try extendChain(&chain)
      let position = advance().position
      left = .and(left, try notTest(), position)
    }
    return left
  }

  private mutating func notTest() throws(ReplError) -> Expr {
    guard checkKeyword("not") else { return try comparison() }
    try enter()
    defer { depth -= 1 }
    let position = advance().position
    return .unary(.not, try notTest(), position)
  }

  private mutating func comparisonOperator() -> ComparisonOperator? {
    switch current.kind {
    case .op(let o):
      guard let c = ComparisonOperator(rawValue: o) else { return nil }
      _ = advance()
      return c
    case .name("in"):
      _ = advance()
      return .isIn
    case .name("not") where k + 1 < tokens.count && tokens[k + 1].isKeyword("in"):
      _ = advance()
      _ = advance()
      return .notIn
    case .name("is"):
      _ = advance()
      return acceptKeyword("not") ? .isNotSame : .isSame
    default:
      return nil
    }
  }

  private mutating func comparison() throws(ReplError) -> Expr {
    let first = try bitOr()
    var rest: [(ComparisonOperator, Expr)] = []
    while let op = comparisonOperator() { rest.append((op, try bitOr())) }
    return rest.isEmpty ? first : .compare(first, rest, first.position)
  }

  // Bitwise operators, loosest first: |  ^  &  << >>  (all tighter than comparisons,
  // looser than + and -).
  private mutating func bitOr() throws(ReplError) -> Expr {
    try leftChain(["|": .bitOr], next: { (p: inout Parser) throws(ReplError) in try p.bitXor() })
  }

  private mutating func bitXor() throws(ReplError) -> Expr {
    try leftChain(["^": .bitXor], next: { (p: inout Parser) throws(ReplError) in try p.bitAnd() })
  }

  private mutating func bitAnd() throws(ReplError) -> Expr {
    try leftChain(["&": .bitAnd], next: { (p: inout Parser) throws(ReplError) in try p.shift() })
  }

  private mutating func shift() throws(ReplError) -> Expr {
    try leftChain(
      ["<<": .shiftLeft, ">>": .shiftRight],
      next: { (p: inout Parser) throws(ReplError) in try p.arithmetic() })
  }

  /// `operand (op operand)*`, grouped to the left.
  private mutating func leftChain(
    _ operators: [String: BinaryOperator],
    next: (inout Parser) throws(ReplError) -> Expr
  ) throws(ReplError) -> Expr {
    var left = try next(&self)
    var chain = 0
    while case .op(let o) = current.kind, let op = operators[o] {
      try extendChain(&chain)
      let position = advance().position
      left = .binary(op, left, try next(&self), position)
    }
    return left
  }

  private mutating func arithmetic() throws(ReplError) -> Expr {
    var left = try term()
    var chain = 0
    while true {
      let position = current.position
      if check("+") || check("-") { try extendChain(&chain) }
      if accept("+") {
        left = .binary(.add, left, try term(), position)
      } else if accept("-") {
        left = .binary(.subtract, left, try term(), position)
      } else {
        return left
      }
    }
  }

  private mutating func term() throws(ReplError) -> Expr {
    var left = try factor()
    var chain = 0
    while case .op(let o) = current.kind,
      let op = [
        "*": BinaryOperator.multiply, "/": .divide, "//": .floorDivide, "%": .modulo,
        "@": .matrixMultiply,
      ][o]
    {
      try extendChain(&chain)
      let position = advance().position
      left = .binary(op, left, try factor(), position)
    }
    return left
  }

  private mutating func factor() throws(ReplError) -> Expr {
    let position = current.position
    if check("-") || check("+") || check("~") {
      try enter()
      defer { depth -= 1 }
      let token = advance()
      let op: UnaryOperator = token.isOp("-") ? .negate : token.isOp("+") ? .plus : .invert
      let operand = try factor()
      // Fold literal signs so `-1` is a constant, not an operation.
      if op == .negate, case .constant(let c, _) = operand {
        if case .int(let n) = c, n != Int.min { return .constant(.int(-n), position) }
        if case .float(let x) = c { return .constant(.float(-x), position) }
      }
      return .unary(op, operand, position)
    }
    return try power()
  }

  private mutating func power() throws(ReplError) -> Expr {
    let base = try primary()
    guard check("**") else { return base }
    let position = advance().position
    try enter()
    defer { depth -= 1 }
    return .binary(.power, base, try factor(), position)
  }

  private mutating func primary() throws(ReplError) -> Expr {
    var e = try atom()
    var chain = 0
    while true {
      let position = current.position
      if check(".") || check("(") || check("[") { try extendChain(&chain) }
      if accept(".") {
        let (attribute, _) = try name()
        e = .attribute(e, attribute, position)
      } else if accept("(") {
        e = .call(e, try arguments(), position)
        try expect(")")
      } else if accept("[") {
        e = .subscript(e, try subscriptList(), position)
        try expect("]")
      } else {
        return e
      }
    }
  }

  private mutating func arguments() throws(ReplError) -> [Argument] {
    var arguments: [Argument] = []
    var seenKeyword = false
    while !check(")") {
      if accept("**") {
        arguments.append(.keywordSpread(try test()))
      } else if accept("*") {
        arguments.append(.spread(try test()))
      } else if case .name(let word) = current.kind, !reservedWords.contains(word),
        k + 1 < tokens.count, tokens[k + 1].isOp("=")
      {
        let position = advance().position
        _ = advance()
        if arguments.contains(where: {
          if case .keyword(word, _, _) = $0 { return true } else { return false }
        }) {
          throw .syntax("keyword argument repeated: \(word)", at: position)
        }
        arguments.append(.keyword(word, try test(), position))
        seenKeyword = true
      } else {
        let value = try namedTest()
        if checkKeyword("for") {
          let clauses = try comprehensionClauses()
          arguments.append(
            .positional(.generatorExpression(element: value, clauses: clauses, value.position)))
        } else {
          if seenKeyword {
            throw .syntax("positional argument follows keyword argument", at: value.position)
          }
          arguments.append(.positional(value))
        }
      }
      if !accept(",") { break }
    }
    return arguments
  }

  private mutating func subscriptList() throws(ReplError) -> Expr {
    let first = try subscriptItem()
    guard check(",") else { return first }
    var items = [first]
    while accept(",") {
      if check("]") { break }
      items.append(try subscriptItem())
    }
    return .tuple(items, first.position)
  }

  private mutating func subscriptItem() throws(ReplError) -> Expr {
    let position = current.position
    var lower: Expr?
    if !check(":") {
      lower = try test()
      guard check(":") else { return lower ?? .constant(.none, position) }
    }
    _ = advance()
    var upper: Expr?
    var step: Expr?
    if !check(":") && !check("]") && !check(",") { upper = try test() }
    if accept(":") {
      if !check("]") && !check(",") { step = try test() }
    }
    return .slice(lower, upper, step, position)
  }

  private mutating func comprehensionClauses() throws(ReplError) -> [ComprehensionClause] {
    var clauses: [ComprehensionClause] = []
    while true {
      if acceptKeyword("for") {
        let target = try targetList()
        guard acceptKeyword("in") else { throw unexpected("'in'") }
        clauses.append(.forIn(target: target, iterable: try orTest()))
      } else if acceptKeyword("if") {
        clauses.append(.condition(try orTest()))
      } else {
        return clauses
      }
    }
  }

  private mutating func atom() throws(ReplError) -> Expr {
    let t = current
    switch t.kind {
    case .int(let n):
      _ = advance()
      return .constant(.int(n), t.position)
    case .float(let x):
      _ = advance()
      return .constant(.float(x), t.position)
    case .string(let s):
      _ = advance()
      var text = s
      var parts: [FormatPart] = []
      var isFormat = false
      // Adjacent literals concatenate: "ab" "cd" == "abcd".
      while true {
        if case .string(let more) = current.kind {
          text += more
        } else if case .formatString(let pieces) = current.kind {
          isFormat = true
          parts.append(.text(text))
          text = ""
          parts += try formatParts(pieces)
        } else {
          break
        }
        _ = advance()
      }
      if isFormat {
        parts.append(.text(text))
        return .formatString(parts, t.position)
      }
      return .constant(.str(text), t.position)
    case .formatString(let pieces):
      _ = advance()
      var parts = try formatParts(pieces)
      while true {
        if case .string(let more) = current.kind {
          parts.append(.text(more))
        } else if case .formatString(let more) = current.kind {
          parts += try formatParts(more)
        } else {
          break
        }
        _ = advance()
      }
      return .formatString(parts, t.position)
    case .name(let word):
      switch word {
      case "None":
        _ = advance()
        return .constant(.none, t.position)
      case "True":
        _ = advance()
        return .constant(.bool(true), t.position)
      case "False":
        _ = advance()
        return .constant(.bool(false), t.position)
      default:
        let (n, p) = try name()
        return .name(site(n, p))
      }
    case .op("..."):
      _ = advance()
      return .constant(.object(EllipsisObject.shared), t.position)
    case .op("("):
      _ = advance()
      if accept(")") { return .tuple([], t.position) }
      if checkKeyword("yield") {
        let e = try yieldExpression()
        try expect(")")
        return e
      }
      let first = try starOrNamedTest()
      if checkKeyword("for") {
        let clauses = try comprehensionClauses()
        try expect(")")
        return .generatorExpression(element: first, clauses: clauses, t.position)
      }
      if case .starred = first {
        guard check(",") else { throw .syntax("can't use starred expression here", at: t.position) }
      } else if accept(")") {
        return first
      }
      var items = [first]
      while accept(",") {
        if check(")") { break }
        items.append(try starOrNamedTest())
      }
      try expect(")")
      return .tuple(items, t.position)
    case .op("["):
      _ = advance()
      if accept("]") { return .list([], t.position) }
      let first = try starOrNamedTest()
      if checkKeyword("for") {
        let clauses = try comprehensionClauses()
        try expect("]")
        return .comprehension(element: first, clauses: clauses, t.position)
      }
      var items = [first]
      while accept(",") {
        if check("]") { break }
        items.append(try starOrNamedTest())
      }
      try expect("]")
      return .list(items, t.position)
    case .op("{"):
      _ = advance()
      if accept("}") { return .dict([], t.position) }
      let key = try starOrTest()
      guard !key.isStarred, accept(":") else {
        if checkKeyword("for") {
          let clauses = try comprehensionClauses()
          try expect("}")
          return .setComprehension(element: key, clauses: clauses, t.position)
        }
        var items = [key]
        while accept(",") {
          if check("}") { break }
          items.append(try starOrTest())
        }
        try expect("}")
        return .setDisplay(items, t.position)
      }
      let value = try test()
      if checkKeyword("for") {
        let clauses = try comprehensionClauses()
        try expect("}")
        return .dictComprehension(key: key, value: value, clauses: clauses, t.position)
      }
      var pairs = [(key: key, value: value)]
      while accept(",") {
        if check("}") { break }
        let k2 = try test()
        try expect(":")
        pairs.append((k2, try test()))
      }
      try expect("}")
      return .dict(pairs, t.position)
    default:
      throw unexpected()
    }
  }

  private mutating func formatParts(_ pieces: [FormatPiece]) throws(ReplError) -> [FormatPart] {
    var parts: [FormatPart] = []
    for piece in pieces {
      switch piece {
      case .text(let s): parts.append(.text(s))
      case .field(let source, let position, let spec, let useRepr):
        parts.append(
          .field(try fieldExpression(source, at: position), spec: spec, useRepr: useRepr))
      case .richField(let source, let position, let spec, let conversion, let label):
        let e = try fieldExpression(source, at: position)
        let specParts = try spec.map { (pieces) throws(ReplError) in try formatParts(pieces) }
        parts.append(.richField(e, spec: specParts, conversion: conversion, label: label))
      }
    }
    return parts
  }

  /// The expression inside an f-string's braces.
  private func fieldExpression(_ source: String, at position: SourcePosition) throws(ReplError)
    -> Expr
  {
    var lexer = Lexer(source, firstLine: position.line, firstColumn: position.column)
    var sub = Parser(tokens: try lexer.run(), symbols: symbols)
    let e = try sub.testList()
    guard sub.current.kind == .newline || sub.current.kind == .endOfInput else {
      throw sub.unexpected()
    }
    return e
  }
}
