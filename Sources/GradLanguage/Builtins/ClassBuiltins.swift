// The built-ins that classes need: the decorators (staticmethod, classmethod,
// property), super, issubclass, NotImplemented, the attribute functions
// (getattr, setattr, hasattr, dir), hash, id, iter, next, callable, and the
// small `gc` module that drives the cycle collector (CycleCollector.swift).

enum ClassBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "staticmethod", signature: "staticmethod(function)",
      doc: "Decorator: a method called without the instance (C.f() or obj.f())."
    ) { (args, _) throws(ReplError) in
      try args.check("staticmethod", positional: 1)
      guard case .function(let f) = args.positional[0] else {
        throw ReplError.type("staticmethod() needs a function defined with def")
      }
      return .object(StaticMethodObject(function: f))
    }
    table.add(
      "classmethod", signature: "classmethod(function)",
      doc: "Decorator: a method that gets the class as its first argument (cls)."
    ) { (args, _) throws(ReplError) in
      try args.check("classmethod", positional: 1)
      guard case .function(let f) = args.positional[0] else {
        throw ReplError.type("classmethod() needs a function defined with def")
      }
      return .object(ClassMethodObject(function: f))
    }
    table.add(
      "property", signature: "property(fget=None, fset=None, fdel=None)",
      doc: "Decorator: an attribute computed by a method; @name.setter adds the setter."
    ) { (args, _) throws(ReplError) in
      try args.check("property", positional: 0, 4, keywords: ["fget", "fset", "fdel", "doc"])
      func part(_ k: Int, _ name: String) -> RValue? {
        guard let v = args.argument(k, name), !v.isNone else { return nil }
        return v
      }
      return .object(
        PropertyObject(getter: part(0, "fget"), setter: part(1, "fset"), deleter: part(2, "fdel")))
    }
    table.add(
      "super", signature: "super() or super(cls, obj)",
      doc: "The methods of the classes after cls (by default the method's own class) in "
        + "obj's method resolution order: super().__init__(...) runs the base's."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("super", positional: 0, 2)
      guard args.positional.count == 2 else {
        throw ReplError("RuntimeError", "super(): no arguments")
      }
      guard case .object(let o as ClassObject) = args.positional[0] else {
        throw ReplError.type(
          "super() argument 1 must be a type, not \(args.positional[0].typeName)")
      }
      return try interpreter.makeSuper(o, args.positional[1])
    }
    table.add(
      "issubclass", signature: "issubclass(cls, classinfo)",
      doc: "Whether cls is classinfo or inherits from it (classinfo may be a tuple)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("issubclass", positional: 2)
      return .bool(try interpreter.isSubclass(args.positional[0], of: args.positional[1]))
    }
    table.add("NotImplemented", value: .object(NotImplementedObject()))
    table.add(
      "getattr", signature: "getattr(obj, name, default)",
      doc: "obj.name, for a name held in a string; default when there is no such attribute."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("getattr", positional: 2, 3)
      let name = try attributeName(args.positional[1], "getattr")
      do throws(ReplError) { return try interpreter.attribute(args.positional[0], name) } catch {
        if error.kind == "AttributeError", args.positional.count == 3 { return args.positional[2] }
        throw error
      }
    }
    table.add(
      "setattr", signature: "setattr(obj, name, value)", doc: "obj.name = value."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("setattr", positional: 3)
      let name = try attributeName(args.positional[1], "setattr")
      try interpreter.setAttribute(args.positional[0], name, args.positional[2])
      return .none
    }
    table.add(
      "delattr", signature: "delattr(obj, name)", doc: "del obj.name."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("delattr", positional: 2)
      let name = try attributeName(args.positional[1], "delattr")
      try interpreter.deleteAttribute(args.positional[0], name)
      return .none
    }
    table.add(
      "hasattr", signature: "hasattr(obj, name)", doc: "Whether obj.name exists."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("hasattr", positional: 2)
      let name = try attributeName(args.positional[1], "hasattr")
      do throws(ReplError) {
        _ = try interpreter.attribute(args.positional[0], name)
        return .bool(true)
      } catch {
        if error.kind == "AttributeError" { return .bool(false) }
        throw error
      }
    }
    table.add(
      "dir", signature: "dir(x)",
      doc: "The attribute and method names of x, sorted (without x: your variables)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("dir", positional: 0, 1)
      guard let x = args.positional.first else {
        // The names you defined; `_` (the last echoed value) is the prompt's, not yours.
        let names = interpreter.globalNames.filter { $0 != "_" }
        return .list(ListBox(names.sorted().map(RValue.str)))
      }
      return .list(ListBox(Set(BuiltinMembers.names(of: x)).sorted().map(RValue.str)))
    }
    table.add(
      "callable", signature: "callable(x)", doc: "Whether x can be called."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("callable", positional: 1)
      switch args.positional[0] {
      case .function, .builtin, .boundMethod: return .bool(true)
      case .object(let o as InstanceObject): return .bool(interpreter.hasDunder(o, "__call__"))
      case .object(let o):
        return .bool(
          o is ClassObject || o is BoundMethodObject || o is ExceptionType || o is TypeObject)
      default: return .bool(false)
      }
    }
    table.add(
      "id", signature: "id(x)", doc: "A number that identifies the object x while it lives."
    ) { (args, _) throws(ReplError) in
      try args.check("id", positional: 1)
      if let object = args.positional[0].gcObject ?? args.positional[0].anyObject {
        return .int(Int(bitPattern: UInt(bitPattern: ObjectIdentifier(object).hashValue)))
      }
      return .int(args.positional[0].asInt ?? 0)
    }
    table.add(
      "hash", signature: "hash(x)",
      doc: "x's hash: equal values hash equal; an instance's from __hash__ (or its identity)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("hash", positional: 1)
      let x = args.positional[0]
      if let instance = x.instance, case .function? = instance.cls.lookup("__hash__") {
        guard let h = try interpreter.callDunder(instance, "__hash__", []), let n = h.asInt
        else { throw ReplError.type("__hash__ method should return an integer") }
        return .int(n)
      }
      return .int(try DictKey(x).hashValue)
    }
    table.add("gc", value: .object(gcModule()))
  }

  static func attributeName(_ v: RValue, _ function: String) throws(ReplError) -> String {
    guard case .str(let s) = v else {
      throw ReplError.type("\(function)(): attribute name must be string, not '\(v.typeName)'")
    }
    return s
  }

  /// `gc.collect()`, `gc.disable()`, `gc.enable()`, `gc.isenabled()`.
  private static func gcModule() -> ModuleObject {
    func function(
      _ name: String, _ doc: String,
      _ body: @escaping (GCHeap) -> RValue
    ) -> RValue {
      .builtin(
        BuiltinFunction(name, signature: "\(name)()", doc: doc) {
          (args, interpreter) throws(ReplError) in
          try args.check(name, positional: 0)
          return body(interpreter.heap)
        })
    }
    return ModuleObject(
      name: "gc",
      doc: "The cycle collector, which frees values that refer to each other in a loop.",
      members: [
        "collect": function("collect", "Frees unreachable cycles now; returns how many objects.") {
          .int($0.collect())
        },
        "disable": function("disable", "Stops automatic collection (gc.collect() still works).") {
          $0.isEnabled = false
          return .none
        },
        "enable": function("enable", "Starts automatic collection again.") {
          $0.isEnabled = true
          return .none
        },
        "isenabled": function("isenabled", "Whether automatic collection is on.") {
          .bool($0.isEnabled)
        },
      ])
  }
}

extension RValue {
  /// The object behind a reference value (for `id`).
  var anyObject: AnyObject? {
    switch self {
    case .object(let o): o
    case .builtin(let b): b
    default: nil
    }
  }
}
