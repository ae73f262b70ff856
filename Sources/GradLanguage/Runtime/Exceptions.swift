// Exceptions as values: try / except / raise.
//
// An error is a `ReplError` (kind and message) while it unwinds; `except ... as e`
// binds it as an `ExceptionObject`, and `raise` turns one back into an error.
// Kinds form Python's hierarchy, so `except ArithmeticError` catches
// ZeroDivisionError and `except Exception` catches everything but Ctrl-C.

/// Each built-in exception kind's parent (BaseException is the root).
let exceptionParents: [String: String] = [
  "Exception": "BaseException", "KeyboardInterrupt": "BaseException",
  "GeneratorExit": "BaseException",
  "ArithmeticError": "Exception", "ZeroDivisionError": "ArithmeticError",
  "OverflowError": "ArithmeticError", "LookupError": "Exception", "IndexError": "LookupError",
  "KeyError": "LookupError", "ValueError": "Exception", "TypeError": "Exception",
  "NameError": "Exception", "UnboundLocalError": "NameError", "AttributeError": "Exception",
  "RuntimeError": "Exception", "RecursionError": "RuntimeError",
  "NotImplementedError": "RuntimeError", "AssertionError": "Exception",
  "MemoryError": "Exception", "ImportError": "Exception", "ModuleNotFoundError": "ImportError",
  "SyntaxError": "Exception", "IndentationError": "SyntaxError", "StopIteration": "Exception",
  // Files (torch.save / torch.load).
  "OSError": "Exception", "FileNotFoundError": "OSError",
  // numpy's casting error for `out=` and `a += b`.
  "UFuncTypeError": "TypeError",
]

/// Whether an error of `kind` is caught by `except ancestor`. A kind not in the table is an
/// Exception, as every error a library raises is.
func exceptionKind(_ kind: String, isA ancestor: String) -> Bool {
  var current: String? = kind
  var steps = 0
  while let k = current, steps < 20 {
    if k == ancestor { return true }
    current = exceptionParents[k] ?? (k == "BaseException" ? nil : "Exception")
    steps += 1
  }
  return false
}

/// Whether `error` is caught by `except ancestor` (a built-in kind): an instance of a class
/// written in the language follows its class's built-in base (`class NotFound(KeyError)`
/// is a LookupError).
func exceptionKind(of error: ReplError, isA ancestor: String) -> Bool {
  if let cls = error.arguments?.instance?.cls { return cls.inheritsException(ancestor) }
  return exceptionKind(error.kind, isA: ancestor)
}

/// An exception class: `ValueError`, callable to make an instance.
final class ExceptionType: RuntimeObject {
  let name: String
  init(name: String) { self.name = name }

  var typeName: String { "type" }
  func repr() -> String { "<class '\(name)'>" }
  var helpText: String {
    "\(name): an exception kind (a kind of \(exceptionParents[name] ?? "nothing")). "
      + "raise \(name)('message'); except \(name) as e: print(e)"
  }

  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    try arguments.check(name, positional: 0, Int.max)
    return .object(ExceptionObject(kind: name, arguments: arguments.positional, interpreter))
  }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    name == "__name__" || name == "__qualname__" ? .str(self.name) : nil
  }
  var attributeNames: [String] { ["__name__", "__qualname__"] }
}

/// A caught or constructed exception: `except ValueError as e` binds one.
final class ExceptionObject: RuntimeObject {
  let kind: String
  let arguments: [RValue]
  /// What `str(e)` and an uncaught error's line show.
  let message: String
  private let argumentReprs: [String]

  init(kind: String, arguments: [RValue], _ interpreter: Interpreter) {
    self.kind = kind
    self.arguments = arguments
    argumentReprs = arguments.map(interpreter.repr)
    switch arguments.count {
    case 0: message = ""
    // KeyError shows its key as Python does, quoted: KeyError: 'k'.
    case 1: message = kind == "KeyError" ? argumentReprs[0] : interpreter.str(arguments[0])
    default: message = "(" + argumentReprs.joined(separator: ", ") + ")"
    }
  }

  /// The error it was made from when caught: `raise e` keeps that error's traceback.
  private var caught: ReplError?

  /// The exception an error becomes when caught.
  convenience init(_ error: ReplError, _ interpreter: Interpreter) {
    self.init(
      kind: error.kind,
      arguments: error.arguments?.values ?? (error.message.isEmpty ? [] : [.str(error.message)]),
      interpreter)
    caught = error
  }

  var typeName: String { kind }
  func repr() -> String { "\(kind)(" + argumentReprs.joined(separator: ", ") + ")" }
  func str(showing show: (RValue) -> String) -> String { message }
  var attributeNames: [String] { kind == "StopIteration" ? ["args", "value"] : ["args"] }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    switch name {
    case "args": .tuple(TupleItems(arguments))
    // A generator's return value, as `StopIteration.value`.
    case "value" where kind == "StopIteration": arguments.first ?? RValue.none
    default: nil
    }
  }

  /// The error that `raise` throws for it.
  var error: ReplError {
    var fresh = ReplError(kind, message)
    // One string argument is all the message says; anything else travels as values.
    var isPlainMessage = false
    if arguments.count == 1, case .str = arguments[0] { isPlainMessage = kind != "KeyError" }
    if !arguments.isEmpty && !isPlainMessage { fresh.arguments = ExceptionArguments(arguments) }
    return caught.map(fresh.raisedAgain(from:)) ?? fresh
  }
}

enum ExceptionBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    for name in Set(exceptionParents.keys).union(["BaseException"]).sorted() {
      table.add(name, value: .object(ExceptionType(name: name)))
    }
  }
}

extension Interpreter {
  /// Whether `error` is caught by a handler whose type evaluated to `type` (nil: bare
  /// `except:`, which here catches everything but KeyboardInterrupt so Ctrl-C always works).
  func handlerMatches(_ type: RValue?, _ error: ReplError) throws(ReplError) -> Bool {
    guard let type else { return error.kind != "KeyboardInterrupt" }
    switch type {
    case .object(let o):
      if let t = o as? ExceptionType { return exceptionKind(of: error, isA: t.name) }
      if let c = o as? ClassObject, c.isExceptionClass {
        return error.arguments?.instance?.cls.isSubclass(of: c) ?? false
      }
    case .tuple(let items):
      for item in items where try handlerMatches(item, error) { return true }
      return false
    default: break
    }
    throw ReplError.type("catching classes that do not inherit from BaseException is not allowed")
  }

  /// The error `raise value` throws.
  func raisedError(_ value: RValue) throws(ReplError) -> ReplError {
    if case .object(let o) = value {
      if let e = o as? ExceptionObject { return e.error }
      if let t = o as? ExceptionType { return ReplError(t.name, "") }
      if let i = o as? InstanceObject, i.exceptionArguments != nil { return error(for: i) }
      // `raise NotFound`: the class, made with no arguments.
      if let c = o as? ClassObject, c.isExceptionClass {
        guard let i = try instantiate(c, Arguments([])).instance else {
          throw ReplError.type("exceptions must derive from BaseException")
        }
        return error(for: i)
      }
    }
    throw ReplError.type("exceptions must derive from BaseException, not '\(value.typeName)'")
  }

  /// The error that unwinds for an instance of an exception class: named by its class,
  /// with `str(e)` as its message, and carrying the instance itself.
  private func error(for instance: InstanceObject) -> ReplError {
    // A `__str__` that fails does not stop the raise; Python prints this in its place.
    let message = (try? checkedStr(.object(instance))) ?? "<exception str() failed>"
    var error = ReplError(instance.cls.name, message)
    error.arguments = ExceptionArguments(instance.exceptionArguments ?? [], instance: instance)
    return instance.exception?.caught.map(error.raisedAgain(from:)) ?? error
  }

  /// What `except ... as e` binds: the raised instance of a class written in the language,
  /// or a built-in exception made from the error.
  func caughtException(_ error: ReplError) -> RValue {
    if let instance = error.arguments?.instance {
      var kept = error
      kept.arguments = nil
      instance.exception?.caught = kept
      return .object(instance)
    }
    return .object(ExceptionObject(error, self))
  }

  /// The class of a caught error, as `type(e)` and `__exit__` see it.
  func exceptionClass(of error: ReplError) -> RValue {
    if let instance = error.arguments?.instance { return .object(instance.cls) }
    return .object(ExceptionType(name: error.kind))
  }

  /// What `str(e)` (or `repr(e)`, when not `useStr`) of an exception instance shows when its
  /// class does not say: Python's BaseException's text for its arguments.
  func exceptionText(_ instance: InstanceObject, useStr: Bool) -> String {
    let arguments = instance.exceptionArguments ?? []
    if !useStr {
      return instance.cls.name + "(" + arguments.map(repr).joined(separator: ", ") + ")"
    }
    switch arguments.count {
    case 0: return ""
    case 1:
      return instance.cls.inheritsException("KeyError") ? repr(arguments[0]) : str(arguments[0])
    default: return "(" + arguments.map(repr).joined(separator: ", ") + ")"
    }
  }
}
