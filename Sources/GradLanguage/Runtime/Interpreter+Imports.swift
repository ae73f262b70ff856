// `import` and `from ... import ...` over the built-in modules.
//
// Every module is a `ModuleObject` reached from a built-in of the same name
// (`torch`, `math`, `random`), its submodules being members that are modules
// too (`torch.nn`, `torch.nn.functional`, `torch.optim`); micrograd's modules
// are made here from the built-in `Value`, `Neuron`, `Layer` and `MLP`, so the
// lecture's imports bind the very same objects. The table of dotted names is
// built on the first import.

extension Interpreter {
  /// Every importable module by dotted name.
  private var moduleTable: [String: ModuleObject] {
    if let importableModules { return importableModules }
    var table: [String: ModuleObject] = [:]
    func add(_ module: ModuleObject) {
      guard table[module.name] == nil else { return }
      table[module.name] = module
      for case .object(let o) in module.members.values {
        if let sub = o as? ModuleObject, sub.name.hasPrefix(module.name + ".") { add(sub) }
      }
    }
    for (id, value) in builtins.enumerated() {
      if case .object(let o) = value ?? .none, let module = o as? ModuleObject,
        module.name == symbols.names[id]
      {
        add(module)
      }
    }
    for module in languageModules() { add(module) }
    importableModules = table
    return table
  }

  /// `micrograd`, `micrograd.engine` and `micrograd.nn`, holding the built-in classes, and
  /// `__future__`.
  private func languageModules() -> [ModuleObject] {
    func members(_ names: [String]) -> [String: RValue] {
      var members: [String: RValue] = [:]
      for name in names { members[name] = lookupBuiltin(name) }
      return members
    }
    let engine = ModuleObject(
      name: "micrograd.engine", doc: "micrograd's scalar Value (built in here).",
      members: members(["Value"]))
    let nn = ModuleObject(
      name: "micrograd.nn", doc: "micrograd's Neuron, Layer and MLP (built in here).",
      members: members(["Module", "Neuron", "Layer", "MLP"]))
    let package = ModuleObject(
      name: "micrograd", doc: "Karpathy's micrograd: engine and nn (built in here).",
      members: ["engine": .object(engine), "nn": .object(nn)])
    // `from __future__ import annotations` changes nothing here: annotations are ignored.
    let future = ModuleObject(
      name: "__future__", doc: "Python's feature switches; accepted for compatibility.",
      members: ["annotations": .none])
    return [package, engine, nn, future]
  }

  private func lookupBuiltin(_ name: String) -> RValue? {
    guard let id = symbols.existingID(name), id < builtins.count else { return nil }
    return builtins[id]
  }

  /// The module named by a dotted path, or ModuleNotFoundError listing the modules there are.
  func module(named path: String) throws(ReplError) -> ModuleObject {
    if let module = moduleTable[path] { return module }
    let topLevel = moduleTable.keys.filter { !$0.contains(".") && !$0.hasPrefix("_") }.sorted()
    throw ReplError(
      "ModuleNotFoundError",
      "No module named '\(path)'\nThe modules here are "
        + topLevel.joined(separator: ", ") + " (and their submodules, e.g. torch.nn).")
  }

  /// What `import a.b.c` or `import a.b.c as x` binds.
  func importedModule(_ imported: ImportedModule) throws(ReplError) -> RValue {
    let module = try module(named: imported.path)
    guard imported.bindsTopLevel,
      let top = imported.path.split(separator: ".").first.map(String.init), top != imported.path
    else { return .object(module) }
    return .object(try self.module(named: top))
  }

  /// `from module import name`: a member of the module (a function, a class, a submodule).
  func importedValue(_ name: String, from path: String) throws(ReplError) -> RValue {
    let module = try module(named: path)
    try load(module)
    if let v = module.members[name] { return v }
    var message = "cannot import name '\(name)' from '\(path)'"
    if path.hasPrefix("micrograd") {
      message += " (built in here: " + module.members.keys.sorted().joined(separator: ", ") + ")"
    } else if let s = closestName(to: name, among: module.members.keys) {
      message += ". Did you mean '\(s)'?"
    }
    throw ReplError("ImportError", message)
  }

  /// `from module import *`: binds each public member (no leading underscore) as a global.
  func importAll(from path: String) throws(ReplError) {
    let module = try module(named: path)
    try load(module)
    for name in module.members.keys.sorted() where !name.hasPrefix("_") {
      if let v = module.members[name] { setGlobal(name, v) }
    }
  }

  /// Runs the text of a module written partly in the language, once: in a frame of its own
  /// (its top-level names and its native members are that frame's slots, never the
  /// session's globals), with the
  /// classes it makes recording the module's name. A failure there is a fault of the
  /// module, reported as such rather than as the student's error.
  func load(_ module: ModuleObject) throws(ReplError) {
    guard let source = module.pendingSource, !module.isLoading else { return }
    module.isLoading = true
    defer { module.isLoading = false }
    let text = SourceText(fileName: "<\(module.name)>", text: source)
    let outerModuleName = definingModuleName
    definingModuleName = module.name
    defer { definingModuleName = outerModuleName }
    var bound: [(String, RValue)] = []
    do throws(ReplError) {
      let statements = try Parser.parseProgram(source, symbols: symbols)
      let native = module.members.keys.sorted()
      let layout = try Resolver.resolveIsolatedModule(
        statements, source: text, predefined: native)
      let frame = Frame(size: layout.frameSize, parent: nil)
      // The module's native members are names its text can use, as its own globals.
      for (slot, name) in native.enumerated() { frame.slots[slot] = module.members[name] }
      for statement in statements {
        do throws(ReplError) {
          _ = try exec(statement, frame)
        } catch {
          var located = error.located(at: statement.position)
          located.recordFrame(
            function: TracebackFrame.moduleName, source: text,
            fallbackLine: statement.position.line)
          throw located
        }
      }
      for (slot, name) in layout.names.enumerated() {
        if let value = frame.slots[slot] { bound.append((name, value)) }
      }
    } catch {
      if error.kind == "KeyboardInterrupt" { throw error }
      throw ReplError(
        "ImportError",
        "the built-in module \(module.name) could not be set up (\(error.kind): "
          + "\(error.message)); this is a fault of gradrepl, not of your code")
    }
    module.finishLoading(bound)
    importableModules = nil
  }
}
