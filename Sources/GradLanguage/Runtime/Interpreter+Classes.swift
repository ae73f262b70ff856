// Running classes: the `class` statement, instances, attribute lookup, and the
// special methods (`__add__`, `__eq__`, `__len__`, `__enter__`, ...) through
// which Python's operators, built-ins and statements reach user classes.
//
// Special methods are looked up on the class, never on the instance, as
// Python does: `obj.__add__ = f` does not change what `obj + 1` does.

extension BinaryOperator {
  /// The middle of the operator's special-method names: `add` for `__add__`, `__radd__`
  /// and `__iadd__`.
  var dunderStem: String {
    switch self {
    case .add: "add"
    case .subtract: "sub"
    case .multiply: "mul"
    case .divide: "truediv"
    case .floorDivide: "floordiv"
    case .modulo: "mod"
    case .power: "pow"
    case .matrixMultiply: "matmul"
    case .bitOr: "or"
    case .bitXor: "xor"
    case .bitAnd: "and"
    case .shiftLeft: "lshift"
    case .shiftRight: "rshift"
    }
  }
}

extension ComparisonOperator {
  /// `__lt__` for `<`, and so on; nil for `in` and `is`.
  var dunderName: String? {
    switch self {
    case .less: "__lt__"
    case .lessOrEqual: "__le__"
    case .greater: "__gt__"
    case .greaterOrEqual: "__ge__"
    case .equal: "__eq__"
    case .notEqual: "__ne__"
    default: nil
    }
  }

  /// The comparison seen from the other side: `a < b` is `b > a`.
  var reflected: ComparisonOperator {
    switch self {
    case .less: .greater
    case .lessOrEqual: .greaterOrEqual
    case .greater: .less
    case .greaterOrEqual: .lessOrEqual
    default: self
    }
  }
}

extension Interpreter {
  static func makeObjectClass(_ changes: ClassObject.Changes) -> ClassObject {
    let initializer = BuiltinFunction(
      "__init__", signature: "__init__(self)", doc: "Does nothing: object's initializer."
    ) { (_, _) throws(ReplError) in .none }
    // object's own attribute store, which a class's __setattr__ / __delattr__ ends in.
    let store = BuiltinFunction(
      "__setattr__", signature: "__setattr__(self, name, value)",
      doc: "Stores self.name = value without calling any __setattr__ of the class."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("__setattr__", positional: 3)
      let name = try ClassBuiltins.attributeName(args.positional[1], "__setattr__")
      guard let instance = args.positional[0].instance else {
        try interpreter.setAttribute(args.positional[0], name, args.positional[2])
        return .none
      }
      try interpreter.storeInstanceAttribute(instance, name, args.positional[2])
      return .none
    }
    store.bindsReceiver = true
    let remove = BuiltinFunction(
      "__delattr__", signature: "__delattr__(self, name)",
      doc: "Deletes self.name without calling any __delattr__ of the class."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("__delattr__", positional: 2)
      let name = try ClassBuiltins.attributeName(args.positional[1], "__delattr__")
      guard let instance = args.positional[0].instance else {
        try interpreter.deleteAttribute(args.positional[0], name)
        return .none
      }
      try interpreter.removeInstanceAttribute(instance, name)
      return .none
    }
    remove.bindsReceiver = true
    return ClassObject(
      name: "object", bases: [], ancestors: [],
      namespace: [
        ("__init__", .builtin(initializer)), ("__setattr__", .builtin(store)),
        ("__delattr__", .builtin(remove)),
      ],
      changes: changes)
  }

  // MARK: Definitions

  /// A `def` or `lambda` evaluated in frame `f`: a function closing over `f` (a method
  /// closes over the frame around its class, since class bodies enclose nothing).
  func makeFunction(_ code: FunctionCode, _ f: Frame) throws(ReplError) -> FunctionObject {
    var defaults: [RValue?] = []
    for parameter in code.parameters {
      defaults.append(try parameter.defaultValue.map { (e) throws(ReplError) in try eval(e, f) })
    }
    return FunctionObject(
      code: code, defaults: defaults, enclosing: code.definedInClassBody ? f.parent : f)
  }

  /// Runs a class body and makes the class.
  func defineClass(_ code: ClassCode, _ f: Frame) throws(ReplError) -> RValue {
    var decorators: [RValue] = []
    for d in code.decorators { decorators.append(try eval(d, f)) }
    var bases: [ClassObject] = []
    var builtinExceptionBases: [String] = []
    for baseExpr in code.bases {
      let base = try eval(baseExpr, f)
      // A built-in exception as a base: the class's instances are exceptions of that kind.
      if case .object(let t as ExceptionType) = base {
        builtinExceptionBases.append(t.name)
        continue
      }
      guard case .object(let o) = base, let cls = o as? ClassObject else {
        let what = typeValueName(base).map { "built-in type '\($0)'" } ?? "'\(base.typeName)'"
        throw ReplError.type(
          "a class can only inherit from a class defined with `class` here (not from "
            + "\(what))"
        ).located(at: baseExpr.position)
      }
      bases.append(cls)
    }
    if bases.isEmpty { bases = [objectClass] }
    let frame = Frame(size: code.frameSize, parent: f)
    guard callDepth < Interpreter.maximumCallDepth, stack.hasRoom else {
      throw ReplError.recursion.located(at: code.position)
    }
    callDepth += 1
    defer { callDepth -= 1 }
    for statement in code.body {
      switch try exec(statement, frame) {
      case .normal: continue
      case .returned, .breakLoop, .continueLoop: break
      }
    }
    var namespace: [(String, RValue)] = [
      ("__module__", .str(definingModuleName)), ("__qualname__", .str(code.name)),
      ("__doc__", code.docstring.map(RValue.str) ?? .none),
    ]
    for (slot, name) in code.localNames.enumerated() {
      if let value = frame.slots[slot] { namespace.append((name, value)) }
    }
    // A class that defines __eq__ and not __hash__ has unhashable instances, as in Python.
    if namespace.contains(where: { $0.0 == "__eq__" })
      && !namespace.contains(where: { $0.0 == "__hash__" })
    {
      namespace.append(("__hash__", .none))
    }
    let cls: ClassObject
    do {
      cls = try ClassObject.make(
        name: code.name, bases: bases, namespace: namespace, changes: objectClass.changes)
    } catch {
      throw error.located(at: code.position)
    }
    cls.builtinExceptionBases = builtinExceptionBases
    for (_, value) in namespace { adopt(value, into: cls) }
    var result = RValue.object(cls)
    do {
      for decorator in decorators.reversed() { result = try call(decorator, Arguments([result])) }
    } catch { throw error.located(at: code.position) }
    return result
  }

  /// Tells a method which class it belongs to (for `super()` and its name in messages).
  private func adopt(_ value: RValue, into cls: ClassObject) {
    func own(_ f: FunctionObject) {
      guard f.code.definedInClassBody, f.ownerClass == nil else { return }
      f.ownerClass = cls
      f.qualifiedName = "\(cls.name).\(f.code.name)"
    }
    switch value {
    case .function(let f): own(f)
    case .object(let o as StaticMethodObject): own(o.function)
    case .object(let o as ClassMethodObject): own(o.function)
    case .object(let o as PropertyObject):
      for part in [o.getter, o.setter, o.deleter] {
        if case .function(let f)? = part { own(f) }
      }
    default: break
    }
  }

  // MARK: Making instances

  /// `Foo(args)`: a new instance, initialized by `__init__`.
  func instantiate(_ cls: ClassObject, _ arguments: Arguments) throws(ReplError) -> RValue {
    let instance = InstanceObject(cls: cls)
    let receiver = RValue.object(instance)
    // An exception keeps what it was made with as `e.args`, until `__init__` says otherwise.
    if cls.isExceptionClass { instance.exceptionArguments = arguments.positional }
    guard let initializer = cls.lookup("__init__") else { return receiver }
    if case .builtin = initializer {
      if cls.isExceptionClass {
        guard arguments.keywords.isEmpty else {
          throw ReplError.type("\(cls.name)() takes no keyword arguments")
        }
        return receiver
      }
      // object.__init__: a class without an initializer takes no arguments.
      guard arguments.positional.isEmpty && arguments.keywords.isEmpty else {
        throw ReplError.type("\(cls.name)() takes no arguments")
      }
      return receiver
    }
    let result = try callAttribute(initializer, receiver: receiver, arguments)
    guard result.isNone else {
      throw ReplError.type("__init__() should return None, not '\(result.typeName)'")
    }
    return receiver
  }

  // MARK: Reading attributes

  /// `instance.name`, in Python's order (see Classes.swift); nil when there is none.
  func instanceAttribute(_ instance: InstanceObject, _ name: String) throws(ReplError) -> RValue? {
    let cls = instance.cls
    if cls.hasProperties, case .object(let o as PropertyObject)? = cls.lookup(name) {
      guard let getter = o.getter else {
        throw ReplError(
          "AttributeError", "property '\(name)' of '\(cls.name)' object has no getter")
      }
      return try call(getter, Arguments([.object(instance)]))
    }
    if let own = instance.get(name) { return own }
    if let found = cls.lookup(name) { return bind(found, to: .object(instance), of: cls) }
    if let arguments = instance.exceptionArguments {
      switch name {
      case "args": return .tuple(TupleItems(arguments))
      case "value" where cls.inheritsException("StopIteration"):
        return arguments.first ?? RValue.none
      case "__cause__", "__context__", "__traceback__": return RValue.none
      default: break
      }
    }
    switch name {
    case "__class__": return .object(cls)
    case "__dict__":
      let d = DictBox()
      for (key, value) in instance.ownAttributes { try d.set(.str(key), value) }
      return .dict(d)
    default: break
    }
    if let fallback = cls.lookup("__getattr__") {
      return try callAttribute(fallback, receiver: .object(instance), Arguments([.str(name)]))
    }
    return nil
  }

  /// A class attribute as seen through `receiver`: functions become bound methods.
  private func bind(_ value: RValue, to receiver: RValue, of cls: ClassObject) -> RValue {
    switch value {
    case .function: return .object(BoundMethodObject(receiver: receiver, function: value))
    case .object(let o as StaticMethodObject): return .function(o.function)
    case .object(let o as ClassMethodObject):
      return .object(BoundMethodObject(receiver: .object(cls), function: .function(o.function)))
    case .builtin(let b) where b.bindsReceiver:
      return .object(BoundMethodObject(receiver: receiver, function: value))
    default: return value
    }
  }

  /// `Foo.name`: functions stay plain functions; nil when there is none.
  func classAttribute(_ cls: ClassObject, _ name: String) -> RValue? {
    if let found = cls.lookup(name) {
      if case .object(let o as ClassMethodObject) = found {
        return .object(BoundMethodObject(receiver: .object(cls), function: .function(o.function)))
      }
      if case .object(let o as StaticMethodObject) = found { return .function(o.function) }
      return found
    }
    switch name {
    case "__name__", "__qualname__": return .str(cls.name)
    case "__bases__": return .tuple(TupleItems(cls.bases.map { RValue.object($0) }))
    case "__mro__": return .tuple(TupleItems(cls.mro.map { RValue.object($0) }))
    case "__class__": return .object(TypeObject(name: "type"))
    default: return nil
    }
  }

  /// `super().name`: the attribute from the classes after the method's own.
  func superAttribute(_ s: SuperObject, _ name: String) throws(ReplError) -> RValue? {
    if let instance = s.receiver.instance, instance.exceptionArguments != nil,
      let builtin = exceptionMethod(instance, name),
      s.receiverClass.lookup(name, after: s.start).map({
        if case .builtin = $0 { true } else { false }
      }) ?? true
    {
      return builtin
    }
    if let found = s.receiverClass.lookup(name, after: s.start) {
      // `super().full` where `full` is a property: the base class's getter, on this receiver.
      if case .object(let o as PropertyObject) = found, s.receiver.instance != nil {
        guard let getter = o.getter else {
          throw ReplError("AttributeError", "property '\(name)' has no getter")
        }
        return try call(getter, Arguments([s.receiver]))
      }
      if case .object(let o as ClassMethodObject) = found {
        let cls: RValue = .object(s.receiverClass)
        return .object(BoundMethodObject(receiver: cls, function: .function(o.function)))
      }
      if s.receiver.instance == nil, case .function = found {
        // super() in a classmethod: plain functions stay unbound.
        return found
      }
      return bind(found, to: s.receiver, of: s.receiverClass)
    }
    return nil
  }

  /// BaseException's own methods, reached through `super()` from an exception class:
  /// `super().__init__(message)` sets `e.args`; `super().__str__()` is the default text.
  private func exceptionMethod(_ instance: InstanceObject, _ name: String) -> RValue? {
    switch name {
    case "__init__":
      return .builtin(
        BuiltinFunction("__init__", signature: "__init__(*args)", doc: "Sets the exception's args.")
        {
          (args, _) throws(ReplError) in
          instance.exceptionArguments = args.positional
          return .none
        })
    case "__str__", "__repr__":
      return .builtin(
        BuiltinFunction(name, signature: "\(name)()", doc: "The exception's default text.") {
          (args, interpreter) throws(ReplError) in
          try args.check(name, positional: 0)
          return .str(interpreter.exceptionText(instance, useStr: name == "__str__"))
        })
    default: return nil
    }
  }

  /// The AttributeError for a missing attribute, with a suggestion.
  func missingAttribute(_ object: RValue, _ name: String) -> ReplError {
    var message: String
    var candidates: [String] = []
    switch object {
    case .object(let o as ClassObject):
      message = "type object '\(o.name)' has no attribute '\(name)'"
      candidates = o.allNames
    case .object(let o as InstanceObject):
      message = "'\(o.cls.name)' object has no attribute '\(name)'"
      candidates = o.attributeNames
    case .object(let o as SuperObject):
      message = "'super' object has no attribute '\(name)'"
      candidates = o.attributeNames
    default:
      message = "'\(object.typeName)' object has no attribute '\(name)'"
      candidates = BuiltinMembers.names(of: object)
    }
    if let suggestion = closestName(to: name, among: candidates) {
      message += ". Did you mean '\(suggestion)'?"
    }
    return ReplError("AttributeError", message)
  }

  // MARK: Writing attributes

  /// `instance.name = value`: a property's setter, or the instance's own attribute.
  func setInstanceAttribute(_ instance: InstanceObject, _ name: String, _ value: RValue)
    throws(ReplError)
  {
    if instance.cls.hasCustomSetattr {
      _ = try callDunder(instance, "__setattr__", [.str(name), value])
      return
    }
    try storeInstanceAttribute(instance, name, value)
  }

  /// `object.__setattr__(instance, name, value)`: a property's setter, or the instance's own
  /// attribute, whatever `__setattr__` the class defines.
  func storeInstanceAttribute(_ instance: InstanceObject, _ name: String, _ value: RValue)
    throws(ReplError)
  {
    let cls = instance.cls
    if cls.hasProperties, case .object(let o as PropertyObject)? = cls.lookup(name) {
      guard let setter = o.setter else {
        throw ReplError(
          "AttributeError", "property '\(name)' of '\(cls.name)' object has no setter")
      }
      _ = try call(setter, Arguments([.object(instance), value]))
      return
    }
    instance.set(name, value)
  }

  /// `del x.name`.
  func deleteAttribute(_ object: RValue, _ name: String) throws(ReplError) {
    switch object {
    case .object(let o as InstanceObject):
      if o.cls.hasCustomDelattr {
        _ = try callDunder(o, "__delattr__", [.str(name)])
        return
      }
      try removeInstanceAttribute(o, name)
      return
    case .object(let o as ClassObject):
      if o.remove(name) { return }
    default:
      throw ReplError(
        "AttributeError", "'\(object.typeName)' object attribute '\(name)' cannot be deleted")
    }
    throw missingAttribute(object, name)
  }

  /// `object.__delattr__(instance, name)`: a property's deleter, or the instance's own
  /// attribute removed, whatever `__delattr__` the class defines.
  func removeInstanceAttribute(_ o: InstanceObject, _ name: String) throws(ReplError) {
    if o.cls.hasProperties, case .object(let p as PropertyObject)? = o.cls.lookup(name) {
      guard let deleter = p.deleter else {
        throw ReplError(
          "AttributeError", "property '\(name)' of '\(o.cls.name)' object has no deleter")
      }
      _ = try call(deleter, Arguments([.object(o)]))
      return
    }
    if o.remove(name) { return }
    throw missingAttribute(.object(o), name)
  }

  // MARK: Calling

  /// Calls a class attribute found for `receiver`: a function gets the receiver as its first
  /// argument; a static method gets none; a class method gets the receiver's class.
  func callAttribute(_ attribute: RValue, receiver: RValue, _ arguments: Arguments)
    throws(ReplError) -> RValue
  {
    switch attribute {
    case .function(let f): return try callFunction(f, arguments, receiver: receiver)
    case .builtin(let b):
      var withReceiver = arguments
      withReceiver.positional.insert(receiver, at: 0)
      return try b.body(withReceiver, self)
    case .object(let o as StaticMethodObject): return try callFunction(o.function, arguments)
    case .object(let o as ClassMethodObject):
      let cls: RValue = receiver.instance.map { .object($0.cls) } ?? receiver
      return try callFunction(o.function, arguments, receiver: cls)
    default: return try call(attribute, arguments)
    }
  }

  /// `instance.name(arguments)` without making a bound method on the way.
  func callInstanceMethod(_ instance: InstanceObject, _ name: String, _ arguments: Arguments)
    throws(ReplError) -> RValue
  {
    let cls = instance.cls
    if !cls.hasProperties || !(cls.lookup(name)?.isProperty ?? false) {
      if let own = instance.get(name) { return try call(own, arguments) }
      if let found = cls.lookup(name) {
        return try callAttribute(found, receiver: .object(instance), arguments)
      }
    }
    guard let value = try instanceAttribute(instance, name) else {
      throw missingAttribute(.object(instance), name)
    }
    return try call(value, arguments)
  }

  /// Calls the special method `name` of the instance's class; nil when it has none.
  @inline(__always) func callDunder(
    _ instance: InstanceObject, _ name: String, _ arguments: [RValue],
    keywords: [(name: String, value: RValue)] = []
  ) throws(ReplError) -> RValue? {
    guard let method = instance.cls.lookup(name), !method.isNone else { return nil }
    return try callAttribute(
      method, receiver: .object(instance), Arguments(arguments, keywords: keywords))
  }

  /// Whether the instance's class (not `object`) defines the special method `name`.
  func hasDunder(_ instance: InstanceObject, _ name: String) -> Bool {
    guard let method = instance.cls.lookup(name) else { return false }
    return !method.isNone
  }

  /// `super()` inside a method: the method's class and its first argument.
  func zeroArgumentSuper(_ f: Frame) throws(ReplError) -> RValue {
    guard let cls = f.definingClass, let first = f.slots.first ?? nil else {
      throw ReplError("RuntimeError", "super(): no arguments")
    }
    return try makeSuper(cls, first)
  }

  /// `super(cls, obj)`.
  func makeSuper(_ cls: ClassObject, _ receiver: RValue) throws(ReplError) -> RValue {
    let receiverClass: ClassObject
    switch receiver {
    case .object(let o as InstanceObject): receiverClass = o.cls
    case .object(let o as ClassObject): receiverClass = o
    default:
      throw ReplError.type("super(type, obj): obj must be an instance or subtype of type")
    }
    guard receiverClass.isSubclass(of: cls) else {
      throw ReplError.type("super(type, obj): obj must be an instance or subtype of type")
    }
    return .object(SuperObject(start: cls, receiver: receiver, receiverClass: receiverClass))
  }

  // MARK: Operators

  /// `a op b` when either operand is an instance, Python's way: the left operand's
  /// `__add__`, then the right operand's `__radd__` (first, when the right operand's class
  /// is a subclass of the left's that overrides it); `NotImplemented` passes the turn.
  /// nil when neither operand answers (the caller raises the TypeError).
  func instanceBinary(_ op: BinaryOperator, _ a: RValue, _ b: RValue) throws(ReplError)
    -> RValue?
  {
    let stem = op.dunderStem
    let left = a.instance
    let right = b.instance
    var triedReflected = false
    if let right, let left, right.cls !== left.cls, right.cls.isSubclass(of: left.cls),
      right.cls.lookup("__r\(stem)__") != nil
    {
      triedReflected = true
      if let r = try callDunder(right, "__r\(stem)__", [a]), !r.isNotImplemented { return r }
    }
    if let left {
      if let r = try callDunder(left, "__\(stem)__", [b]), !r.isNotImplemented { return r }
    } else if op == .modulo, case .str = a {
      return nil
    }
    if let right, !triedReflected, left?.cls !== right.cls {
      if let r = try callDunder(right, "__r\(stem)__", [a]), !r.isNotImplemented { return r }
    }
    return nil
  }

  /// `-x`, `+x`, `~x` on an instance; nil when its class does not define it.
  func instanceUnary(_ op: UnaryOperator, _ instance: InstanceObject) throws(ReplError) -> RValue? {
    switch op {
    case .negate: try callDunder(instance, "__neg__", [])
    case .plus: try callDunder(instance, "__pos__", [])
    case .invert: try callDunder(instance, "__invert__", [])
    case .not: .bool(!(try instanceTruthy(instance)))
    }
  }

  /// `a < b`, `a == b`, ... when either side is an instance: the rich result (a class may
  /// return anything), nil when neither is an instance.
  func richComparison(_ op: ComparisonOperator, _ a: RValue, _ b: RValue) throws(ReplError)
    -> RValue?
  {
    let left = a.instance
    let right = b.instance
    guard left != nil || right != nil, let name = op.dunderName else { return nil }
    let reflectedName = op.reflected.dunderName ?? name
    var triedReflected = false
    if let right, let left, right.cls !== left.cls, right.cls.isSubclass(of: left.cls) {
      triedReflected = true
      if let r = try callDunder(right, reflectedName, [a]), !r.isNotImplemented { return r }
    }
    if let left, let r = try callDunder(left, name, [b]), !r.isNotImplemented { return r }
    if !triedReflected, let right, let r = try callDunder(right, reflectedName, [a]),
      !r.isNotImplemented
    {
      return r
    }
    switch op {
    case .equal: return .bool(isSame(a, b))
    case .notEqual:
      // Without __ne__, != is the opposite of __eq__.
      if let left, let r = try callDunder(left, "__eq__", [b]), !r.isNotImplemented {
        return .bool(!(try truthy(r)))
      }
      if let right, let r = try callDunder(right, "__eq__", [a]), !r.isNotImplemented {
        return .bool(!(try truthy(r)))
      }
      return .bool(!isSame(a, b))
    default:
      throw ReplError.type(
        "'\(op.rawValue)' not supported between instances of '\(a.typeName)' and "
          + "'\(b.typeName)'")
    }
  }

  // MARK: Truth, length, text

  /// Python truthiness, asking an instance's `__bool__`, then its `__len__`.
  @inline(__always) func truthy(_ v: RValue) throws(ReplError) -> Bool {
    if case .object(let o) = v, let instance = o as? InstanceObject {
      return try instanceTruthy(instance)
    }
    return v.isTruthy
  }

  func instanceTruthy(_ instance: InstanceObject) throws(ReplError) -> Bool {
    if let r = try callDunder(instance, "__bool__", []) {
      guard case .bool(let b) = r else {
        throw ReplError.type("__bool__ should return bool, returned \(r.typeName)")
      }
      return b
    }
    if hasDunder(instance, "__len__") { return try instanceLength(instance) > 0 }
    return true
  }

  /// `len(instance)`, from `__len__`.
  func instanceLength(_ instance: InstanceObject) throws(ReplError) -> Int {
    guard let r = try callDunder(instance, "__len__", []) else {
      throw ReplError.type("object of type '\(instance.cls.name)' has no len()")
    }
    guard let n = r.asInt else {
      throw ReplError.type("'\(r.typeName)' object cannot be interpreted as an integer")
    }
    guard n >= 0 else { throw ReplError.value("__len__() should return >= 0") }
    return n
  }

  /// What `repr()` (`str()` when `useStr`) of an instance shows, from `__repr__`
  /// (`__str__`); a failure is kept in `reprFailure` and the default text shown.
  func instanceText(_ instance: InstanceObject, useStr: Bool) -> String {
    guard reprFailure == nil else { return instance.repr() }
    if instance.exceptionArguments != nil,
      !hasDunder(instance, useStr ? "__str__" : "__repr__")
    {
      return exceptionText(instance, useStr: useStr)
    }
    let name = useStr && hasDunder(instance, "__str__") ? "__str__" : "__repr__"
    do throws(ReplError) {
      guard let r = try callDunder(instance, name, []) else { return instance.repr() }
      guard case .str(let text) = r else {
        throw ReplError.type("\(name) returned non-string (type \(r.typeName))")
      }
      return text
    } catch {
      reprFailure = error
      return instance.repr()
    }
  }

  /// `repr(v)`, raising what a user `__repr__` raised.
  func checkedRepr(_ v: RValue) throws(ReplError) -> String {
    try checked { repr(v) }
  }

  /// `str(v)`, raising what a user `__str__` or `__repr__` raised.
  func checkedStr(_ v: RValue) throws(ReplError) -> String {
    try checked { str(v) }
  }

  private func checked(_ make: () -> String) throws(ReplError) -> String {
    let outer = reprFailure
    reprFailure = nil
    let text = make()
    let failure = reprFailure
    reprFailure = outer
    if let failure { throw failure }
    return text
  }

  // MARK: Containers and iteration

  /// Iterating an instance: `__iter__` (whose result must have `__next__`, or be an
  /// iterator such as a generator or what `iter()` makes), or else `__getitem__` with 0, 1, 2, ...
  func instanceIterator(_ instance: InstanceObject) throws(ReplError) -> RIterator {
    if let iterator = try callDunder(instance, "__iter__", []) {
      switch iterator {
      case .object(let o as InstanceObject) where hasDunder(o, "__next__"):
        return RIterator(next: iterator, self)
      case .object(let o as any LazyIterator): return RIterator(lazy: o, self)
      default:
        throw ReplError.type("iter() returned non-iterator of type '\(iterator.typeName)'")
      }
    }
    if hasDunder(instance, "__getitem__") { return RIterator(indexing: instance, self) }
    throw ReplError.type("'\(instance.cls.name)' object is not iterable")
  }

  // MARK: with

  /// `with` items from the first: enter it, run the rest inside it, and always exit it;
  /// `__exit__` sees the error (type, value, None) and swallows it by returning true.
  func runWith(_ items: ArraySlice<WithItem>, _ body: [Stmt], _ f: Frame, at p: SourcePosition)
    throws(ReplError) -> Flow
  {
    guard let item = items.first else { return try execBlock(body, f) }
    let manager = try eval(item.context, f)
    if case .object(let o as ScopedContextObject) = manager {
      var flow = Flow.normal
      // Like PyTorch's no_grad, whose __enter__ returns None.
      if let target = item.target { try assign(target, .none, f) }
      try o.runScoped { () throws(ReplError) in
        flow = try runWith(items.dropFirst(), body, f, at: p)
      }
      return flow
    }
    let exit: RValue
    let entered: RValue
    do throws(ReplError) {
      guard let exitMethod = try contextMethod(manager, "__exit__"),
        let enterMethod = try contextMethod(manager, "__enter__")
      else {
        throw ReplError.type(
          "'\(manager.typeName)' object does not support the context manager protocol")
      }
      exit = exitMethod
      entered = try call(enterMethod, Arguments([]))
    } catch { throw error.located(at: p) }
    let flow: Flow
    do {
      if let target = item.target { try assign(target, entered, f) }
      flow = try runWith(items.dropFirst(), body, f, at: p)
    } catch {
      let exception = caughtException(error)
      let type = exceptionClass(of: error)
      let swallowed: Bool
      do {
        let traceback = RValue.object(TracebackObject())
        swallowed = try truthy(try call(exit, Arguments([type, exception, traceback])))
      } catch let exitError { throw exitError.located(at: p) }
      if swallowed { return .normal }
      throw error
    }
    do { _ = try call(exit, Arguments([.none, .none, .none])) } catch {
      throw error.located(at: p)
    }
    return flow
  }

  /// A context manager's `__enter__` or `__exit__`, bound; nil when it has none.
  private func contextMethod(_ manager: RValue, _ name: String) throws(ReplError) -> RValue? {
    switch manager {
    case .object(let o as InstanceObject):
      guard o.cls.lookup(name) != nil else { return nil }
      return try instanceAttribute(o, name)
    case .object(let o):
      if let v = try o.attribute(name, in: self) { return v }
      if o.attributeNames.contains(name) { return .boundMethod(receiver: manager, name: name) }
      return nil
    default: return nil
    }
  }

  // MARK: isinstance, issubclass, type

  /// The class of a value, when it is an instance or a class.
  func userClass(of v: RValue) -> ClassObject? {
    v.instance?.cls
  }

  /// `issubclass(a, b)`.
  func isSubclass(_ a: RValue, of b: RValue) throws(ReplError) -> Bool {
    if case .tuple(let options) = b {
      for option in options where try isSubclass(a, of: option) { return true }
      return false
    }
    if case .object(let o as ClassObject) = b, o === objectClass { return isType(a) }
    switch (a, b) {
    case (.object(let x as ClassObject), .object(let y as ClassObject)): return x.isSubclass(of: y)
    case (.object(let x as ClassObject), _):
      guard let m = typeValueName(b) else {
        throw ReplError.type("issubclass() arg 2 must be a class, a tuple of classes, or a union")
      }
      return x.inheritsException(m)
    default:
      guard let n = typeValueName(a) else {
        throw ReplError.type("issubclass() arg 1 must be a class")
      }
      if case .object(let o) = b, o is ClassObject { return false }
      guard let m = typeValueName(b) else {
        throw ReplError.type("issubclass() arg 2 must be a class, a tuple of classes, or a union")
      }
      if n == m || (n == "bool" && m == "int") { return true }
      return exceptionParents[n] != nil && exceptionKind(n, isA: m)
    }
  }

  private func isType(_ v: RValue) -> Bool {
    if case .object(let o) = v, o is ClassObject { return true }
    return typeValueName(v) != nil
  }
}
