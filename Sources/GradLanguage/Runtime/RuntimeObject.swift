// Extension point: a new kind of runtime value is a new file with a class
// conforming to `RuntimeObject` (models, modules, tensors), and new built-in
// functions are a `BuiltinProvider` in the list a session is built with.
// Neither needs a change to the parser or the evaluator.

/// Arguments of a call, evaluated: positional values, then keyword values in source order.
public struct Arguments {
  public var positional: [RValue]
  public var keywords: [(name: String, value: RValue)]

  public init(_ positional: [RValue], keywords: [(name: String, value: RValue)] = []) {
    self.positional = positional
    self.keywords = keywords
  }

  /// The keyword argument `name`, if given.
  public func keyword(_ name: String) -> RValue? {
    keywords.last(where: { $0.name == name })?.value
  }

  /// Checks the counts: between `minimum` and `maximum` positional arguments and only the
  /// keywords in `allowed`.
  /// - Parameter function: the function's name, for the message.
  public func check(
    _ function: String, positional minimum: Int, _ maximum: Int? = nil,
    keywords allowed: Set<String> = []
  ) throws(ReplError) {
    let maximum = maximum ?? minimum
    if positional.count < minimum || positional.count > maximum {
      let expected =
        minimum == maximum
        ? "exactly \(minimum) argument\(minimum == 1 ? "" : "s")"
        : positional.count < minimum
          ? "at least \(minimum) argument\(minimum == 1 ? "" : "s")"
          : "at most \(maximum) argument\(maximum == 1 ? "" : "s")"
      throw .type("\(function)() takes \(expected) (\(positional.count) given)")
    }
    for (name, _) in keywords where !allowed.contains(name) {
      var message = "\(function)() got an unexpected keyword argument '\(name)'"
      if let suggestion = closestName(to: name, among: allowed) {
        message += ". Did you mean '\(suggestion)'?"
      }
      throw .type(message)
    }
  }

  /// Positional argument `index`, or keyword `name`, or nil.
  public func argument(_ index: Int, _ name: String) -> RValue? {
    index < positional.count ? positional[index] : keyword(name)
  }
}

/// A kind of runtime value defined outside the evaluator core.
///
/// Every requirement but `typeName` and `repr` has a default that says "not supported",
/// which the evaluator turns into Python's TypeError or AttributeError.
public protocol RuntimeObject: AnyObject {
  /// The type name users see: `MLP`, `module`, `Tensor`.
  var typeName: String { get }
  /// The type's full dotted name, as `repr(type(x))` shows it (`torch.Tensor`); defaults to
  /// `typeName`. `type(x).__name__` is its last part.
  var qualifiedTypeName: String { get }
  /// The text echoed at the prompt.
  func repr() -> String
  /// The repr, for kinds that contain values: `show` gives each contained value's repr.
  /// Defaults to `repr()`.
  func repr(showing show: (RValue) -> String) -> String
  /// The text `print` and `str()` show; defaults to the repr.
  func str(showing show: (RValue) -> String) -> String
  /// `item in self`; nil falls back to iterating the items.
  func contains(_ item: RValue) throws(ReplError) -> Bool?
  /// Attribute and method names, for completion and did-you-mean.
  var attributeNames: [String] { get }
  /// Help text for `help(x)` and `?x`.
  var helpText: String { get }
  /// `help(x.name)`: how the member is written and what it does; nil when not documented.
  func memberHelp(_ name: String) -> String?
  var isTruthy: Bool { get }
  /// The attribute's value, or nil when there is no such attribute.
  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue?
  /// Sets an attribute; returns false when it cannot be set.
  func setAttribute(_ name: String, to value: RValue) throws(ReplError) -> Bool
  /// Calls a method; returns nil when there is no such method.
  func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  /// Calls the object itself (`model(x)`); nil when it is not callable.
  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue?
  /// `self op other` (or `other op self` when `reflected`); nil when unsupported.
  func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  /// `self op= other` done in place, as Python's `__iadd__` family: a tensor or an array
  /// writes the result into its own storage, so every name and view of it sees the change.
  /// Returns what the target is rebound to (normally the object itself); nil falls back to
  /// rebinding the target to `self op other`.
  func inPlaceBinary(_ op: BinaryOperator, _ other: RValue) throws(ReplError) -> RValue?
  /// `-self` or `+self`; nil when unsupported.
  func unary(_ op: UnaryOperator) throws(ReplError) -> RValue?
  /// `self op other` for comparisons (`other op self` when `reflected`): a tensor answers
  /// with an elementwise mask; nil falls back to identity for `==` and a TypeError for `<`.
  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  /// The items when iterated; nil when not iterable.
  func items() throws(ReplError) -> [RValue]?
  /// `len(x)`; nil when it has no length.
  var length: Int? { get }
  /// `x[index]`; nil when not subscriptable.
  func item(_ index: RValue) throws(ReplError) -> RValue?
  /// `x[index] = value`; false when not supported.
  func setItem(_ index: RValue, _ value: RValue) throws(ReplError) -> Bool
  /// What `:vars` shows about it (a shape, a size); defaults to `repr()`.
  var summary: String { get }
  /// This object as the cycle collector tracks it; nil (the default) for kinds it does not
  /// track, whose references then count as roots. (Asked for every reference the collector
  /// follows, so it is a requirement rather than a dynamic cast.)
  var collectable: GCObject? { get }
  /// `isinstance(self, T)` for a built-in type named `name` (`torch.Tensor`, `nn.Parameter`);
  /// defaults to `typeName == name`. A kind that is a special case of another answers for
  /// both.
  func isInstance(ofTypeNamed name: String) -> Bool
}

extension RuntimeObject {
  public var qualifiedTypeName: String { typeName }
  public func repr(showing show: (RValue) -> String) -> String { repr() }
  public func str(showing show: (RValue) -> String) -> String { repr(showing: show) }
  public func contains(_ item: RValue) throws(ReplError) -> Bool? { nil }
  public var attributeNames: [String] { [] }
  public var helpText: String { "\(typeName) object" }
  public func memberHelp(_ name: String) -> String? { nil }
  public var isTruthy: Bool { true }
  public func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    nil
  }
  public func setAttribute(_ name: String, to value: RValue) throws(ReplError) -> Bool { false }
  public func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  { nil }
  public func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError)
    -> RValue?
  { nil }
  public func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  { nil }
  public func inPlaceBinary(_ op: BinaryOperator, _ other: RValue) throws(ReplError) -> RValue? {
    nil
  }
  public func unary(_ op: UnaryOperator) throws(ReplError) -> RValue? { nil }
  public func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool)
    throws(ReplError) -> RValue?
  { nil }
  public func items() throws(ReplError) -> [RValue]? { nil }
  public var length: Int? { nil }
  public func item(_ index: RValue) throws(ReplError) -> RValue? { nil }
  public func setItem(_ index: RValue, _ value: RValue) throws(ReplError) -> Bool { false }
  public var summary: String { repr() }
  public var collectable: GCObject? { nil }
  public func isInstance(ofTypeNamed name: String) -> Bool { typeName == name }
}

/// A built-in object usable in `with` whose effect is a scope rather than a pair of calls
/// (`torch.no_grad()` switches recording off for exactly the block): `runScoped` runs the
/// block inside that scope.
public protocol ScopedContextObject: RuntimeObject {
  func runScoped(_ body: () throws(ReplError) -> Void) throws(ReplError)
}

/// A function written in Swift.
public final class BuiltinFunction {
  public let name: String
  /// How it is called, for help: `print(*values, sep=' ', end='\n')`.
  public let signature: String
  /// One or more sentences for help.
  public let doc: String
  let body: (Arguments, Interpreter) throws(ReplError) -> RValue
  /// Whether reading it from an instance binds the instance as its first argument, as a
  /// method (`object.__setattr__` read as `super().__setattr__`); other built-ins kept in a
  /// class stay plain functions, as Python's do.
  var bindsReceiver = false

  public init(
    _ name: String, signature: String, doc: String,
    _ body: @escaping (Arguments, Interpreter) throws(ReplError) -> RValue
  ) {
    self.name = name
    self.signature = signature
    self.doc = doc
    self.body = body
  }
}

/// A function written in the language: its code, default values and enclosing frame.
public final class FunctionObject: GCObject {
  let code: FunctionCode
  private(set) var defaults: [RValue?]
  private(set) var enclosing: Frame?
  /// The class whose body defined this function, for `super()`. Strong (a weak reference
  /// would move the class's reference counts to a slow side table): the class and its
  /// methods form a cycle, which the collector frees.
  var ownerClass: ClassObject?
  /// The name error messages use: `Foo.__init__` for a method, as Python 3.11 words them.
  var qualifiedName: String

  init(code: FunctionCode, defaults: [RValue?], enclosing: Frame?) {
    self.code = code
    qualifiedName = code.name
    self.defaults = defaults
    self.enclosing = enclosing
    super.init()
    // A closure keeps its defining frames alive, and through them perhaps itself: those
    // frames can be part of a cycle now, so the collector must see them.
    if let heap = gcHeap {
      var frame = enclosing
      while let f = frame, f.gcHeap == nil {
        heap.track(f)
        frame = f.parent
      }
    }
  }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    for d in defaults { if let o = d?.gcObject { visit(o) } }
    if let enclosing { visit(enclosing) }
    if let ownerClass { visit(ownerClass) }
  }
  override func gcMakeUnique() { defaults.withUnsafeMutableBufferPointer { _ in } }
  override func gcClear() {
    var values = defaults.compactMap { $0 }
    defaults = []
    let frame = enclosing
    enclosing = nil
    releaseIteratively(&values, also: frame.map { [$0] } ?? [])
  }

  // A closure keeps its defining frame alive, which may hold another closure, and so on:
  // release that chain iteratively.
  deinit {
    var values = defaults.compactMap { $0 }
    defaults = []
    let frame = enclosing
    enclosing = nil
    ownerClass = nil
    releaseIteratively(&values, also: frame.map { [$0] } ?? [])
  }

  public var name: String { code.name }

  /// `f(a, b=1)`.
  public var signature: String {
    let shown = code.parameters.map { p -> String in
      switch p.kind {
      case .extraPositional: return "*" + p.name
      case .extraKeywords: return "**" + p.name
      default: return p.defaultValue == nil ? p.name : "\(p.name)=…"
      }
    }
    return "\(code.name)(" + shown.joined(separator: ", ") + ")"
  }
}

/// A function call's local variables, by slot.
final class Frame: GCObject {
  var slots: [RValue?]
  private(set) var parent: Frame?
  /// The class whose method runs in this frame, for `super()`; nil for other functions.
  var definingClass: ClassObject?

  init(size: Int, parent: Frame?) {
    slots = [RValue?](repeating: nil, count: size)
    self.parent = parent
    // Tracked only when a closure captures it (see FunctionObject.init): most frames die
    // when their call returns.
    super.init(untracked: ())
  }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    for slot in slots { if let o = slot?.gcObject { visit(o) } }
    if let parent { visit(parent) }
    if let definingClass { visit(definingClass) }
  }
  override func gcMakeUnique() { slots.withUnsafeMutableBufferPointer { _ in } }
  override func gcClear() {
    var values = slots.compactMap { $0 }
    slots = [RValue?](repeating: nil, count: slots.count)
    let outer = parent
    parent = nil
    definingClass = nil
    releaseIteratively(&values, also: outer.map { [$0] } ?? [])
  }

  deinit {
    guard slots.contains(where: { $0?.mayHoldChain ?? false }) else { return }
    var values = slots.compactMap { $0 }
    slots = []
    releaseIteratively(&values)
  }
}

/// A named collection of built-ins reached with a dot: `random.seed(1)`.
///
/// A module may also be partly written in the language (`torch.nn`'s classes): its text
/// runs once, on the first attribute read or import, in a namespace of its own that sees
/// the built-ins and nothing of the session's globals; its top-level bindings then join
/// the native members.
public final class ModuleObject: RuntimeObject {
  public let name: String
  /// The values reached with a dot, by name (the language-written ones once loaded).
  public private(set) var members: [String: RValue]
  let doc: String
  /// The module's text in the language, until it has run.
  private(set) var pendingSource: String?
  /// Whether the text is running now: its own reads of the module see the native members.
  var isLoading = false

  public init(name: String, doc: String, members: [String: RValue]) {
    self.name = name
    self.doc = doc
    self.members = members
  }

  /// A module whose `source` (the language's text) defines more members next to the native
  /// `members`; it runs on first use, and its tracebacks name the file `<name>`.
  public init(name: String, doc: String, members: [String: RValue], source: String) {
    self.name = name
    self.doc = doc
    self.members = members
    pendingSource = source
  }

  /// Adds what the module's text bound and forgets the text.
  func finishLoading(_ bound: [(String, RValue)]) {
    for (key, value) in bound { members[key] = value }
    pendingSource = nil
  }

  public var typeName: String { "module" }
  public func repr() -> String { "<module '\(name)'>" }
  public var attributeNames: [String] { members.keys.sorted() }
  public var helpText: String {
    var lines = ["module \(name): \(doc)"]
    for key in members.keys.sorted() {
      if case .builtin(let f) = members[key] {
        lines.append("  \(name).\(f.signature)  \(f.doc)")
      }
    }
    return lines.joined(separator: "\n")
  }
  public func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    if pendingSource != nil { try interpreter.load(self) }
    if let member = members[name] { return member }
    if name == "__name__" { return .str(self.name) }
    return nil
  }
}
