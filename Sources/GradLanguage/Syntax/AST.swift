// The syntax tree. Every node carries the line:column where it starts.
//
// Names are resolved after parsing (see Resolver.swift): each `NameSite` learns
// whether it is a global, a slot in the running frame, or a slot in an
// enclosing function's frame, so the evaluator never looks a name up by string.

/// Where a name lives, decided before the code runs.
enum NameScope {
  /// The session's global table, at this symbol's index.
  case global(Int)
  /// A slot in the current frame.
  case local(Int)
  /// A slot in an enclosing function's frame, `depth` frames out.
  case enclosing(depth: Int, slot: Int)
  /// A built-in only, at this symbol's index: how a module written in the language (see
  /// `ModuleObject(name:doc:members:source:)`) reads names it does not bind, so the
  /// session's globals never leak into it.
  case builtin(Int)
}

/// One occurrence of a name in the source.
final class NameSite {
  let name: String
  let position: SourcePosition
  var scope: NameScope

  init(name: String, symbol: Int, position: SourcePosition) {
    self.name = name
    self.position = position
    scope = .global(symbol)
  }
}

public enum BinaryOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case floorDivide = "//"
  case modulo = "%"
  case power = "**"
  case matrixMultiply = "@"
  case bitOr = "|"
  case bitXor = "^"
  case bitAnd = "&"
  case shiftLeft = "<<"
  case shiftRight = ">>"

  /// Bitwise and shift operators work on integers (and sets) only.
  var isBitwise: Bool {
    switch self {
    case .bitOr, .bitXor, .bitAnd, .shiftLeft, .shiftRight: true
    default: false
    }
  }
}

public enum UnaryOperator: String, Sendable {
  case negate = "-"
  case plus = "+"
  case not = "not"
  case invert = "~"
}

public enum ComparisonOperator: String, Sendable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case isIn = "in"
  case notIn = "not in"
  case isSame = "is"
  case isNotSame = "is not"
}

/// A call argument.
enum Argument {
  case positional(Expr)
  case keyword(String, Expr, SourcePosition)
  /// `*items`: spreads an iterable into positional arguments.
  case spread(Expr)
  /// `**options`: spreads a dict into keyword arguments.
  case keywordSpread(Expr)
}

/// `for target in iterable` or `if condition` inside a comprehension.
enum ComprehensionClause {
  case forIn(target: Expr, iterable: Expr)
  case condition(Expr)
}

/// An f-string field.
enum FormatPart {
  case text(String)
  case field(Expr, spec: String?, useRepr: Bool)
  /// A field with a `!s` conversion, a self-documenting `=` (its `label` is the source text
  /// shown before the value, `x=`) or a spec with fields of its own (`{x:{width}}`).
  case richField(Expr, spec: [FormatPart]?, conversion: Character?, label: String?)
}

indirect enum Expr {
  case constant(RValue, SourcePosition)
  case name(NameSite)
  case list([Expr], SourcePosition)
  case tuple([Expr], SourcePosition)
  case dict([(key: Expr, value: Expr)], SourcePosition)
  case setDisplay([Expr], SourcePosition)
  case formatString([FormatPart], SourcePosition)
  case binary(BinaryOperator, Expr, Expr, SourcePosition)
  case unary(UnaryOperator, Expr, SourcePosition)
  /// `a < b <= c`: each comparison against the previous operand, all must hold.
  case compare(Expr, [(ComparisonOperator, Expr)], SourcePosition)
  case and(Expr, Expr, SourcePosition)
  case or(Expr, Expr, SourcePosition)
  case conditional(condition: Expr, then: Expr, otherwise: Expr, SourcePosition)
  case attribute(Expr, String, SourcePosition)
  case `subscript`(Expr, Expr, SourcePosition)
  case slice(Expr?, Expr?, Expr?, SourcePosition)
  case call(Expr, [Argument], SourcePosition)
  /// A list comprehension (a generator expression is `.generatorExpression`).
  case comprehension(element: Expr, clauses: [ComprehensionClause], SourcePosition)
  case dictComprehension(key: Expr, value: Expr, clauses: [ComprehensionClause], SourcePosition)
  case setComprehension(element: Expr, clauses: [ComprehensionClause], SourcePosition)
  case lambda(FunctionCode, SourcePosition)
  /// `yield value` (nil: a bare `yield`): hands a value to whoever is iterating the generator
  /// and evaluates to what `send` passes back (None for `next`).
  case yield(Expr?, SourcePosition)
  /// `yield from iterable`: yields each item of it; evaluates to a sub-generator's return value.
  case yieldFrom(Expr, SourcePosition)
  /// `name := value`: binds the name in the enclosing function's scope (never a
  /// comprehension's) and evaluates to the value.
  case namedExpression(NameSite, Expr, SourcePosition)
  /// `*rest` in an assignment target, or `*items` spread into a list or tuple display.
  case starred(Expr, SourcePosition)
  /// `(x * x for x in xs)`: a lazy generator; its first iterable is evaluated at once.
  case generatorExpression(element: Expr, clauses: [ComprehensionClause], SourcePosition)

  var position: SourcePosition {
    switch self {
    case .constant(_, let p), .list(_, let p), .tuple(_, let p), .dict(_, let p),
      .formatString(_, let p), .binary(_, _, _, let p), .unary(_, _, let p),
      .compare(_, _, let p), .and(_, _, let p), .or(_, _, let p),
      .conditional(_, _, _, let p), .attribute(_, _, let p), .subscript(_, _, let p),
      .slice(_, _, _, let p), .call(_, _, let p), .comprehension(_, _, let p),
      .dictComprehension(_, _, _, let p), .lambda(_, let p), .setDisplay(_, let p),
      .setComprehension(_, _, let p), .yield(_, let p), .yieldFrom(_, let p),
      .namedExpression(_, _, let p), .starred(_, let p), .generatorExpression(_, _, let p):
      return p
    case .name(let site): return site.position
    }
  }
}

/// `except Type as name:` — the type expression (nil: bare `except:`) and the bound name.
struct ExceptHandler {
  let type: Expr?
  let name: NameSite?
  let body: [Stmt]
  let position: SourcePosition
}

/// A function's parameter: its name and, optionally, a default expression.
struct Parameter {
  /// How arguments reach a parameter.
  enum Kind {
    /// By position or by name.
    case normal
    /// By name only (after `*` or `*args`).
    case keywordOnly
    /// `*args`: the extra positional arguments, as a tuple.
    case extraPositional
    /// `**kwargs`: the extra keyword arguments, as a dict.
    case extraKeywords
  }

  let name: String
  let defaultValue: Expr?
  let position: SourcePosition
  var kind: Kind = .normal
}

/// A `def` or `lambda`: parameters, body and (after resolution) its frame layout.
final class FunctionCode {
  let name: String
  let parameters: [Parameter]
  let body: [Stmt]
  let position: SourcePosition
  let docstring: String?
  /// `@decorator` expressions above a `def`, outermost first (applied last to first).
  var decorators: [Expr] = []
  /// Written directly in a class body (a method): its function encloses the frame around
  /// the class, not the class body's own frame.
  var definedInClassBody = false
  /// Frame slots: parameters first (slot k for parameter k), then other locals.
  var frameSize = 0
  /// Local names by slot, for messages.
  var localNames: [String] = []
  /// The entry or file it was defined in (set by the resolver), for tracebacks.
  var source: SourceText?
  /// Whether the body contains `yield`: calling it then makes a generator instead of running.
  var isGenerator = false
  /// Names bound by `:=` anywhere in the body (comprehensions included): they are locals.
  var namedExpressionTargets: [String] = []
  /// Only plain positional-or-keyword parameters (the fast way to bind arguments).
  var hasOnlyNormalParameters: Bool { parameters.allSatisfy { $0.kind == .normal } }

  init(
    name: String, parameters: [Parameter], body: [Stmt], position: SourcePosition,
    docstring: String?
  ) {
    self.name = name
    self.parameters = parameters
    self.body = body
    self.position = position
    self.docstring = docstring
  }
}

/// A `class` statement: its bases, its body (run once, in a frame of its own, to fill the
/// class's namespace) and the layout of that frame.
final class ClassCode {
  let name: String
  let bases: [Expr]
  let body: [Stmt]
  let position: SourcePosition
  let docstring: String?
  /// `@decorator` expressions above the `class`, outermost first.
  var decorators: [Expr] = []
  /// Slots of the body's frame; every name the body binds becomes a class attribute.
  var frameSize = 0
  /// The body's names by slot.
  var localNames: [String] = []

  init(name: String, bases: [Expr], body: [Stmt], position: SourcePosition, docstring: String?) {
    self.name = name
    self.bases = bases
    self.body = body
    self.position = position
    self.docstring = docstring
  }
}

/// One `expr as target` of a `with` statement (the target is optional).
struct WithItem {
  let context: Expr
  let target: Expr?
}

indirect enum Stmt {
  /// An expression statement; `silent` when a `;` ends it (no echo at the prompt).
  case expression(Expr, silent: Bool, SourcePosition)
  /// `a = b = value`: every target gets the value.
  case assign(targets: [Expr], value: Expr, SourcePosition)
  case augmentedAssign(target: Expr, BinaryOperator, Expr, SourcePosition)
  case ifElse(branches: [(condition: Expr, body: [Stmt])], otherwise: [Stmt]?, SourcePosition)
  case whileLoop(condition: Expr, body: [Stmt], SourcePosition)
  case forLoop(target: Expr, iterable: Expr, body: [Stmt], SourcePosition)
  case functionDefinition(FunctionCode, NameSite)
  case classDefinition(ClassCode, NameSite)
  /// `with a as b, c: body`: each item's `__enter__` in order, `__exit__` in reverse.
  case with([WithItem], body: [Stmt], SourcePosition)
  case returnValue(Expr?, SourcePosition)
  case breakLoop(SourcePosition)
  case continueLoop(SourcePosition)
  case pass(SourcePosition)
  case delete([Expr], SourcePosition)
  case assert(Expr, message: Expr?, SourcePosition)
  /// `import torch.nn as nn, math`: each module and where it is bound.
  case importModules([ImportedModule], SourcePosition)
  /// `from math import *`: every public name of the module, bound as globals.
  case importAll(module: String, SourcePosition)
  /// `from micrograd.engine import Value as V`: each imported name and where it is bound.
  case importNames(module: String, [(name: String, site: NameSite)], SourcePosition)
  case global([String], SourcePosition)
  /// `nonlocal x`: assignments to x go to the enclosing function's variable.
  case nonlocal([String], SourcePosition)
  /// try / except / else / finally.
  case tryStatement(
    body: [Stmt], handlers: [ExceptHandler], otherwise: [Stmt]?, finally: [Stmt]?,
    SourcePosition)
  /// `raise X` (or a bare `raise` inside an except block: nil).
  case raise(Expr?, SourcePosition)

  var position: SourcePosition {
    switch self {
    case .expression(_, _, let p), .assign(_, _, let p), .augmentedAssign(_, _, _, let p),
      .ifElse(_, _, let p), .whileLoop(_, _, let p), .forLoop(_, _, _, let p),
      .returnValue(_, let p), .breakLoop(let p), .continueLoop(let p), .pass(let p),
      .delete(_, let p), .assert(_, _, let p), .importModules(_, let p), .global(_, let p),
      .importAll(_, let p), .nonlocal(_, let p),
      .importNames(_, _, let p), .tryStatement(_, _, _, _, let p), .raise(_, let p),
      .with(_, _, let p):
      return p
    case .functionDefinition(let code, _): return code.position
    case .classDefinition(let code, _): return code.position
    }
  }

  /// Whether this statement opens a block (so the REPL waits for a blank line).
  var isCompound: Bool {
    switch self {
    case .ifElse, .whileLoop, .forLoop, .functionDefinition, .tryStatement, .classDefinition,
      .with:
      return true
    default: return false
    }
  }
}

/// One module of an `import` statement.
struct ImportedModule {
  /// The dotted name: `torch.nn.functional`.
  let path: String
  /// Where the binding goes: the alias, or the first component of the path.
  let site: NameSite
  /// `import a.b` (no alias) binds the package `a`, from which `a.b` is reachable.
  let bindsTopLevel: Bool
}
