// Classes and instances, as Python has them.
//
// A `class` statement runs its body once in a frame of its own; every name the
// body binds becomes an attribute of the class (`ClassObject.namespace`).
// Calling the class makes an `InstanceObject` and runs `__init__` on it.
//
// Reading `obj.name` follows Python's order:
//   1. a property of the class (a data descriptor) wins;
//   2. then the instance's own attributes (`self.x = ...` anywhere);
//   3. then the class and its bases, in method resolution order: a function
//      found there is bound to the instance (`obj.method` is a bound method),
//      a classmethod to the class, a staticmethod stays a plain function;
//   4. then `__getattr__`, if the class defines it.
//
// Instances keep their attributes in a `Shape` (the attribute names, shared by
// every instance that was given the same names in the same order, as V8's
// hidden classes) and an array of values. Reading `self.grad` is a scan of a
// few short names, with no hashing and no allocation.

/// The names of an instance's attributes, in the order they were first set.
///
/// Instances built by the same `__init__` share one shape, so each keeps only its values.
final class Shape {
  let names: [String]
  /// The shapes reached by adding one more name, made once and reused.
  private var next: [(name: String, shape: Shape)] = []
  /// For shapes with many names, a table instead of a scan.
  private lazy var positions: [String: Int] = Dictionary(
    names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

  init(names: [String] = []) { self.names = names }

  /// Where `name` is stored, if the shape has it.
  @inline(__always) func index(of name: String) -> Int? {
    if names.count > 12 { return positions[name] }
    for i in names.indices where names[i] == name { return i }
    return nil
  }

  /// This shape with `name` added at the end.
  func adding(_ name: String) -> Shape {
    for entry in next where entry.name == name { return entry.shape }
    let shape = Shape(names: names + [name])
    // Shapes made for one-off names (attributes named by computed strings) are not kept.
    if next.count < 8 { next.append((name, shape)) }
    return shape
  }
}

/// A class: its name, its bases and the attributes its body defined.
public final class ClassObject: GCObject, RuntimeObject {
  public var collectable: GCObject? { self }
  public let name: String
  /// The classes named in the `class` statement (`object` is implied when there are none).
  let bases: [ClassObject]
  /// Method resolution order: this class, then its ancestors (C3 linearization).
  private(set) var mro: [ClassObject] = []
  /// The attributes the body bound, in order.
  private(set) var names: [String] = []
  private(set) var values: [RValue] = []
  private var positions: [String: Int] = [:]
  /// The shape of a new instance: no attributes yet.
  let emptyShape = Shape()
  /// How many attributes the last instance had when it died or grew: new instances reserve
  /// room for that many at once instead of growing their array one `self.x = ...` at a time.
  var typicalAttributeCount = 0
  /// Counts changes to any class of the session: what a class remembers about its chain
  /// of bases (`hasProperties`, `hashesByIdentity`) holds while the count is unchanged.
  /// (Classes do not keep weak lists of their subclasses: a weak reference moves an
  /// object's reference counts to a slow side table, and `object` is in every chain.)
  final class Changes {
    var count = 0
  }
  let changes: Changes
  /// The built-in exceptions this class names as bases (`class AppError(Exception)`), which
  /// `except` and `isinstance` follow past the chain of classes written in the language.
  /// Set once, when the class statement has made the class.
  var builtinExceptionBases: [String] = [] {
    didSet { isExceptionClass = mro.contains { !$0.builtinExceptionBases.isEmpty } }
  }
  /// Whether this class or a base inherits from a built-in exception (asked for every
  /// instance made, so remembered).
  private(set) var isExceptionClass = false

  /// Whether instances are caught by `except ancestor`, a built-in exception kind.
  func inheritsException(_ ancestor: String) -> Bool {
    mro.contains { c in c.builtinExceptionBases.contains { exceptionKind($0, isA: ancestor) } }
  }
  private var remembered = (
    changes: -1, hasProperties: false, identityHashing: false, customSetattr: false,
    customDelattr: false
  )

  /// A class with `bases`; fails when no method resolution order fits them.
  static func make(
    name: String, bases: [ClassObject], namespace: [(String, RValue)], changes: Changes
  ) throws(ReplError) -> ClassObject {
    ClassObject(
      name: name, bases: bases, ancestors: try linearize(bases, for: name), namespace: namespace,
      changes: changes)
  }

  /// A class whose ancestors (the resolution order after itself) are already known.
  init(
    name: String, bases: [ClassObject], ancestors: [ClassObject], namespace: [(String, RValue)],
    changes: Changes
  ) {
    self.name = name
    self.bases = bases
    self.changes = changes
    super.init()
    mro = [self] + ancestors
    for (key, value) in namespace { set(key, value) }
  }

  /// Recomputes what the class remembers about its chain, after any class changed.
  @inline(__always) private func refresh() {
    guard remembered.changes != changes.count else { return }
    remembered = (
      changes.count, mro.contains { c in c.values.contains { $0.isProperty } },
      lookup("__hash__") == nil, isWrittenInLanguage(lookup("__setattr__")),
      isWrittenInLanguage(lookup("__delattr__"))
    )
  }

  /// Whether a special method found in the chain is the class's own rather than `object`'s
  /// (which is built in).
  private func isWrittenInLanguage(_ method: RValue?) -> Bool {
    switch method {
    case nil, .builtin?, .none?: false
    default: true
    }
  }

  /// Whether this class or a base defines `__setattr__`, which every `obj.x = v` must then
  /// call (remembered, so plain instances store without a lookup).
  var hasCustomSetattr: Bool {
    refresh()
    return remembered.customSetattr
  }

  /// Whether this class or a base defines `__delattr__`, which `del obj.x` must then call.
  var hasCustomDelattr: Bool {
    refresh()
    return remembered.customDelattr
  }

  /// The module the class statement ran in (`__main__` at the prompt, `torch.nn` for the
  /// classes of a module written in the language), as its `__module__` says.
  var moduleName: String {
    if case .str(let module)? = own("__module__") { return module }
    return "__main__"
  }

  /// Whether this class or a base has a property, which must be asked before the
  /// instance's own attributes.
  var hasProperties: Bool {
    refresh()
    return remembered.hasProperties
  }

  /// Whether instances hash by identity (no `__hash__`, and no `__eq__` that would make
  /// them unhashable): asked for every set and dict operation on instances.
  var hashesByIdentity: Bool {
    refresh()
    return remembered.identityHashing
  }

  /// C3: each class before its bases, bases in the order listed, and every class's own
  /// order kept. Fails for base lists no order can satisfy.
  private static func linearize(_ bases: [ClassObject], for name: String) throws(ReplError)
    -> [ClassObject]
  {
    var sequences = bases.map(\.mro) + [bases]
    var out: [ClassObject] = []
    while true {
      sequences.removeAll(where: \.isEmpty)
      guard !sequences.isEmpty else { return out }
      let candidate = sequences.lazy.map { $0[0] }.first { head in
        !sequences.contains { $0.dropFirst().contains { $0 === head } }
      }
      guard let head = candidate else {
        throw ReplError.type(
          "Cannot create a consistent method resolution order (MRO) for bases "
            + bases.map(\.name).joined(separator: ", "))
      }
      out.append(head)
      for k in sequences.indices where sequences[k][0] === head { sequences[k].removeFirst() }
    }
  }

  /// Where this class's own attribute `key` is stored. A class has a few dozen names at
  /// most, and comparing short strings is cheaper than hashing one, so small classes scan.
  @inline(__always) private func position(of key: String) -> Int? {
    if names.count > 32 { return positions[key] }
    for i in names.indices where names[i] == key { return i }
    return nil
  }

  /// This class's own attribute `key` (not its bases').
  func own(_ key: String) -> RValue? { position(of: key).map { values[$0] } }

  /// `key` from this class or the first base in resolution order that has it.
  @inline(__always) func lookup(_ key: String) -> RValue? {
    for c in mro { if let i = c.position(of: key) { return c.values[i] } }
    return nil
  }

  /// The class in resolution order after `start` that has `key`, and the attribute.
  func lookup(_ key: String, after start: ClassObject) -> RValue? {
    guard let k = mro.firstIndex(where: { $0 === start }) else { return nil }
    for c in mro[(k + 1)...] { if let i = c.position(of: key) { return c.values[i] } }
    return nil
  }

  /// Whether `other` is this class or one of its ancestors.
  func isSubclass(of other: ClassObject) -> Bool { mro.contains { $0 === other } }

  func set(_ key: String, _ value: RValue) {
    changes.count &+= 1
    if let i = positions[key] {
      values[i] = value
    } else {
      positions[key] = values.count
      names.append(key)
      values.append(value)
    }
  }

  func remove(_ key: String) -> Bool {
    guard let i = positions.removeValue(forKey: key) else { return false }
    changes.count &+= 1
    names.remove(at: i)
    values.remove(at: i)
    positions = Dictionary(
      names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    return true
  }

  /// Every attribute name of the class and its bases.
  var allNames: [String] {
    var seen = Set<String>()
    var out: [String] = []
    for c in mro { for n in c.names where seen.insert(n).inserted { out.append(n) } }
    return out
  }

  public var typeName: String { "type" }
  public func repr() -> String {
    bases.isEmpty && name == "object" ? "<class 'object'>" : "<class '\(moduleName).\(name)'>"
  }

  public func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError)
    -> RValue?
  {
    try interpreter.instantiate(self, arguments)
  }

  public func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    interpreter.classAttribute(self, name)
  }
  public var attributeNames: [String] {
    (allNames + ["__name__", "__doc__", "__mro__", "__bases__", "__module__", "__qualname__"])
      .sorted()
  }
  public var helpText: String {
    var lines = [
      "class \(name)" + (bases.isEmpty ? "" : "(" + bases.map(\.name).joined(separator: ", ") + ")")
    ]
    if case .str(let doc)? = lookup("__doc__") { lines.append("  " + doc) }
    var methods: [String] = []
    var attributes: [String] = []
    for n in allNames where !(n.hasPrefix("__") && n.hasSuffix("__")) || n == "__init__" {
      switch lookup(n) {
      case .function(let f)?: methods.append("  " + f.signature)
      case .object(let o)? where o is PropertyObject: attributes.append("  \(n)  (property)")
      case .object(let o as StaticMethodObject)?:
        methods.append("  \(o.function.signature)  (staticmethod)")
      case .object(let o as ClassMethodObject)?:
        methods.append("  \(o.function.signature)  (classmethod)")
      default: attributes.append("  \(n)")
      }
    }
    if !methods.isEmpty { lines += ["Methods:"] + methods }
    if !attributes.isEmpty { lines += ["Class attributes:"] + attributes }
    return lines.joined(separator: "\n")
  }

  // Collector: the attributes, the bases and the resolution order (which holds `self`).
  override func gcTraverse(_ visit: (GCObject) -> Void) {
    for value in values { if let o = value.gcObject { visit(o) } }
    for base in bases { visit(base) }
    for c in mro { visit(c) }
  }
  override func gcMakeUnique() {
    values.withUnsafeMutableBufferPointer { _ in }
    mro.withUnsafeMutableBufferPointer { _ in }
  }
  override func gcClear() {
    var old = values
    values = []
    names = []
    positions = [:]
    mro = []
    releaseIteratively(&old)
  }
}

/// An instance of a class written in the language.
public final class InstanceObject: GCObject, RuntimeObject {
  public var collectable: GCObject? { self }
  let cls: ClassObject
  private(set) var shape: Shape
  /// The attribute values, in the order of `shape.names`.
  private(set) var values: [RValue] = []
  /// For an instance of an exception class: its arguments and where it was last raised.
  var exception: ExceptionState?
  /// For an instance of an exception class: `e.args`.
  var exceptionArguments: [RValue]? {
    get { exception?.arguments }
    set {
      guard let newValue else {
        exception = nil
        return
      }
      if let exception {
        exception.arguments = newValue
      } else {
        exception = ExceptionState(arguments: newValue)
      }
    }
  }

  init(cls: ClassObject) {
    self.cls = cls
    shape = cls.emptyShape
    values.reserveCapacity(min(cls.typicalAttributeCount, 64))
    super.init()
  }

  deinit { releaseIteratively(&values) }

  /// The instance's own attribute `name`.
  @inline(__always) func get(_ name: String) -> RValue? {
    guard let i = shape.index(of: name) else { return nil }
    return values[i]
  }

  @inline(__always) func set(_ name: String, _ value: RValue) {
    if let i = shape.index(of: name) {
      values[i] = value
    } else {
      shape = shape.adding(name)
      values.append(value)
      if values.count > cls.typicalAttributeCount { cls.typicalAttributeCount = values.count }
    }
  }

  func remove(_ name: String) -> Bool {
    guard let i = shape.index(of: name) else { return false }
    var names = shape.names
    names.remove(at: i)
    var rebuilt = cls.emptyShape
    for n in names { rebuilt = rebuilt.adding(n) }
    shape = rebuilt
    values.remove(at: i)
    return true
  }

  /// The instance's own attributes, in the order they were set (`obj.__dict__`).
  var ownAttributes: [(String, RValue)] { Array(zip(shape.names, values)) }

  public var typeName: String { cls.name }

  public func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    try interpreter.instanceAttribute(self, name)
  }

  public func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError)
    -> RValue?
  {
    try interpreter.callDunder(self, "__call__", arguments.positional, keywords: arguments.keywords)
  }
  /// CPython's default: `<__main__.Foo object at 0x7f3a5c2e1d90>`.
  public func repr() -> String { "<\(cls.moduleName).\(cls.name) object at \(address(of: self))>" }
  public var attributeNames: [String] {
    Array(Set(shape.names + cls.allNames + ["__class__", "__dict__", "__doc__"])).sorted()
  }
  public var helpText: String {
    var lines = ["\(cls.name) object"]
    if !shape.names.isEmpty {
      lines.append("Attributes: " + shape.names.joined(separator: ", "))
    }
    return lines.joined(separator: "\n") + "\n" + cls.helpText
  }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    visit(cls)
    for value in values { if let o = value.gcObject { visit(o) } }
    for value in exception?.arguments ?? [] { if let o = value.gcObject { visit(o) } }
  }
  override func gcMakeUnique() {
    values.withUnsafeMutableBufferPointer { _ in }
    exception?.arguments.withUnsafeMutableBufferPointer { _ in }
  }
  override func gcClear() {
    var old = values + (exception?.arguments ?? [])
    exception?.arguments = []
    values = []
    shape = cls.emptyShape
    releaseIteratively(&old)
  }
}

/// What an instance of an exception class keeps besides its attributes.
final class ExceptionState {
  /// `e.args`.
  var arguments: [RValue]
  /// The error it unwound as when it was last caught (without the instance, which would
  /// make a cycle the collector cannot see): `raise e` keeps that error's frames.
  var caught: ReplError?
  init(arguments: [RValue]) { self.arguments = arguments }
}

/// `obj.method` read without calling it: the function with its receiver fixed.
final class BoundMethodObject: GCObject, RuntimeObject {
  var collectable: GCObject? { self }
  /// What the function gets as its first argument (an instance, or a class).
  let receiver: RValue
  let function: RValue

  init(receiver: RValue, function: RValue) {
    self.receiver = receiver
    self.function = function
    super.init()
  }

  var typeName: String { "method" }

  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    if case .function(let f) = function {
      return try interpreter.callFunction(f, arguments, receiver: receiver)
    }
    var withReceiver = arguments
    withReceiver.positional.insert(receiver, at: 0)
    return try interpreter.call(function, withReceiver)
  }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    switch name {
    case "__self__": receiver
    case "__func__": function
    case "__name__":
      if case .function(let f) = function { .str(f.name) } else { .str(functionName) }
    case "__doc__":
      if case .function(let f) = function {
        f.code.docstring.map(RValue.str) ?? .none
      } else {
        RValue.none
      }
    default: nil
    }
  }
  var functionName: String {
    switch function {
    case .function(let f): f.qualifiedName
    case .builtin(let b): b.name
    default: function.typeName
    }
  }
  func repr() -> String { "<bound method \(functionName) of \(receiverText)>" }
  private var receiverText: String {
    switch receiver {
    case .object(let o as InstanceObject): o.repr()
    case .object(let o): o.repr()
    default: receiver.typeName
    }
  }
  var helpText: String {
    if case .function(let f) = function {
      var text = "method \(f.signature) of \(receiver.typeName) objects"
      if let doc = f.code.docstring { text += "\n  " + doc }
      return text
    }
    return repr()
  }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    if let o = receiver.gcObject { visit(o) }
    if let o = function.gcObject { visit(o) }
  }
  // A bound method's references cannot be dropped (they are constants); it is freed when
  // the objects around it are cleared.
}

/// `@property`: a getter (and optionally a setter and deleter) run on attribute access.
final class PropertyObject: GCObject, RuntimeObject {
  var collectable: GCObject? { self }
  let getter: RValue?
  let setter: RValue?
  let deleter: RValue?

  init(getter: RValue?, setter: RValue?, deleter: RValue?) {
    self.getter = getter
    self.setter = setter
    self.deleter = deleter
    super.init()
  }

  var typeName: String { "property" }
  func repr() -> String { "<property object at \(address(of: self))>" }
  var attributeNames: [String] { ["deleter", "fget", "fset", "getter", "setter"] }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    // `@x.setter` replaces the setter and keeps the rest, as Python's does.
    func copying(_ what: String) -> RValue {
      .builtin(
        BuiltinFunction(what, signature: "\(what)(function)", doc: "A copy with a new \(what).") {
          [self] (args, _) throws(ReplError) in
          try args.check(what, positional: 1)
          let f = args.positional[0]
          return .object(
            PropertyObject(
              getter: what == "getter" ? f : self.getter,
              setter: what == "setter" ? f : self.setter,
              deleter: what == "deleter" ? f : self.deleter))
        })
    }
    switch name {
    case "setter", "getter", "deleter": return copying(name)
    case "fget": return getter ?? RValue.none
    case "fset": return setter ?? RValue.none
    case "__doc__":
      if case .function(let f)? = getter { return f.code.docstring.map(RValue.str) ?? .none }
      return RValue.none
    default: return nil
    }
  }

  override func gcTraverse(_ visit: (GCObject) -> Void) {
    for part in [getter, setter, deleter] { if let o = part?.gcObject { visit(o) } }
  }
}

/// `@staticmethod`: a function that gets no receiver.
final class StaticMethodObject: GCObject, RuntimeObject {
  var collectable: GCObject? { self }
  let function: FunctionObject
  init(function: FunctionObject) {
    self.function = function
    super.init()
  }
  var typeName: String { "staticmethod" }
  func repr() -> String { "<staticmethod(\(function.qualifiedName))>" }
  override func gcTraverse(_ visit: (GCObject) -> Void) { visit(function) }
}

/// `@classmethod`: a function that gets the class as its first argument.
final class ClassMethodObject: GCObject, RuntimeObject {
  var collectable: GCObject? { self }
  let function: FunctionObject
  init(function: FunctionObject) {
    self.function = function
    super.init()
  }
  var typeName: String { "classmethod" }
  func repr() -> String { "<classmethod(\(function.qualifiedName))>" }
  override func gcTraverse(_ visit: (GCObject) -> Void) { visit(function) }
}

/// `super()`: the attributes of the classes after `start` in the receiver's resolution
/// order, bound to the receiver.
final class SuperObject: RuntimeObject {
  let start: ClassObject
  /// The instance (or, in a classmethod, the class) the method was called on.
  let receiver: RValue
  /// The class whose resolution order is followed: the receiver's class.
  let receiverClass: ClassObject

  init(start: ClassObject, receiver: RValue, receiverClass: ClassObject) {
    self.start = start
    self.receiver = receiver
    self.receiverClass = receiverClass
  }

  var typeName: String { "super" }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    try interpreter.superAttribute(self, name)
  }
  func repr() -> String { "<super: <class '\(start.name)'>, <\(receiverClass.name) object>>" }
  var attributeNames: [String] {
    var seen = Set<String>()
    var names: [String] = []
    var after = false
    for c in receiverClass.mro {
      if after { for n in c.names where seen.insert(n).inserted { names.append(n) } }
      if c === start { after = true }
    }
    return names.sorted()
  }
}

/// `NotImplemented`: what a binary dunder returns to let the other operand try.
final class NotImplementedObject: RuntimeObject {
  var typeName: String { "NotImplementedType" }
  func repr() -> String { "NotImplemented" }
}

extension RValue {
  /// Whether this is a `property` (which instance attributes cannot shadow).
  var isProperty: Bool {
    if case .object(let o) = self { return o is PropertyObject }
    return false
  }

  /// Whether this is `NotImplemented`.
  var isNotImplemented: Bool {
    if case .object(let o) = self { return o is NotImplementedObject }
    return false
  }

  /// The user-class instance this value is, if it is one.
  @inline(__always) var instance: InstanceObject? {
    if case .object(let o) = self { return o as? InstanceObject }
    return nil
  }
}

/// An object's address as CPython prints it: `0x7f3a5c2e1d90`.
func address(of object: AnyObject) -> String {
  let bits = UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque())
  let hex = String(bits, radix: 16)
  return "0x" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
}
