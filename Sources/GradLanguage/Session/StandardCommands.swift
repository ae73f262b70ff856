// The standard commands and their handlers.

import Foundation
import GradCore

extension CommandRegistry {
  /// Every command of the language itself; commands that bind an engine (`:plot`) are
  /// inserted by whoever builds the session (`inserting(_:after:)`).
  public static let language = CommandRegistry(
    all: [
      ReplCommand(
        name: "help", arguments: "[NAME]", summary: "list the commands, or explain one",
        help: ":help lists every command; :help NAME explains one (:help step).",
        handler: StandardCommands.help),
      ReplCommand(
        name: "vars", arguments: "", summary: "your variables: name, type, value or shape",
        help: ":vars lists the variables you have defined, with their type and value (or size).",
        handler: StandardCommands.vars),
    ] + graphCommands + [
      ReplCommand(
        name: "step", arguments: "X",
        summary: "step through X.backward() one node at a time",
        help: """
          :step X runs the backward pass from X one node at a time, as micrograd's backward()
          does: X.grad gets 1, then each node in topological order passes its gradient to its
          inputs. For each input the step shows the local derivative × upstream it adds and
          that input's grad before → after. On an object shaped like micrograd's Value (data,
          grad, _prev, _op, _backward) each node's own _backward() is called, and each input's
          grad is read just before and just after the call. On a scalar tensor each step is a
          node of the engine's own backward pass: the incoming gradient's shape and norm, the
          node's rule, and the gradient it sends to each input (the graph is kept, as with
          retain_graph=True). Press Enter for the next node,
          q then Enter to stop: every grad then stays as the steps shown left it.
          """,
        handler: StandardCommands.step),
      ReplCommand(
        name: "time", arguments: "STATEMENT", summary: "run a statement and show its wall time",
        help: ":time STATEMENT runs the statement (echoing its value) and prints how long it took.",
        handler: StandardCommands.time),
      ReplCommand(
        name: "history", arguments: "", summary: "the numbered inputs of this session",
        help: ":history lists what you entered in this session, numbered, with a mark on "
          + "entries that failed.",
        handler: StandardCommands.history),
      ReplCommand(
        name: "save", arguments: "FILE",
        summary: "write the session's successful input as a script",
        help: ":save FILE writes every entry that ran without error (not the commands, but the "
          + "contents of files you :load-ed) to FILE, so `:load FILE` or `gradrepl FILE` "
          + "replays the session. The file is replaced atomically.",
        handler: StandardCommands.save),
      ReplCommand(
        name: "load", arguments: "FILE", summary: "run a script into the session",
        help: ":load FILE runs the file's statements here, so its variables and functions stay "
          + "defined. An error stops it and is reported as FILE:LINE:COL: message.",
        handler: StandardCommands.load),
      ReplCommand(
        name: "reset", arguments: "", summary: "start a fresh session",
        help: ":reset forgets every variable and the history, and reseeds the random generator.",
        handler: StandardCommands.reset),
      ReplCommand(
        name: "quit", arguments: "", summary: "leave (Ctrl-D does the same)",
        help: ":quit ends the session.", handler: { _ in .quit }),
    ])
}

enum StandardCommands {
  @Sendable static func help(_ c: CommandContext) -> InputStatus {
    let registry = c.session.commands
    guard !c.argument.isEmpty else {
      c.write(registry.helpText)
      return .complete
    }
    let name = c.argument.hasPrefix(":") ? String(c.argument.dropFirst()) : c.argument
    guard let command = registry.command(named: name) else {
      // Not a command: explain it as a name, as ?name does.
      if c.session.interpreter.lookup(name) != nil { return c.session.explain(name) }
      var message = "no command or name '\(name)'"
      if let s = closestName(to: name, among: registry.all.map(\.name)) {
        message += ". Did you mean ':\(s)'?"
      }
      return c.fail(message)
    }
    let usage = ":" + command.name + (command.arguments.isEmpty ? "" : " " + command.arguments)
    c.write("\(usage)  \(command.summary)\n\(command.help)\n")
    return .complete
  }

  @Sendable static func vars(_ c: CommandContext) -> InputStatus {
    let interpreter = c.session.interpreter
    let names = c.session.variableNames.filter { $0 != "_" }
    guard !names.isEmpty else {
      c.write("no variables yet\n")
      return .complete
    }
    var rows: [(String, String, String)] = []
    for name in names {
      guard let v = interpreter.lookup(name) else { continue }
      rows.append((name, v.typeName, describe(v, interpreter)))
    }
    let w1 = max(4, rows.map(\.0.count).max() ?? 0) + 2
    let w2 = max(4, rows.map(\.1.count).max() ?? 0) + 2
    var text =
      "name".padding(toLength: w1, withPad: " ", startingAt: 0)
      + "type".padding(toLength: w2, withPad: " ", startingAt: 0) + "value\n"
    for (name, type, value) in rows {
      text +=
        name.padding(toLength: w1, withPad: " ", startingAt: 0)
        + type.padding(toLength: w2, withPad: " ", startingAt: 0) + value + "\n"
    }
    c.write(text)
    return .complete
  }

  /// A value in a few words: numbers and Values in full, collections by size.
  static func describe(_ v: RValue, _ interpreter: Interpreter) -> String {
    let text: String
    switch v {
    case .list(let box):
      text =
        "\(box.items.count) item\(box.items.count == 1 ? "" : "s")"
        + (box.items.isEmpty ? "" : " " + shortRepr(box.items, interpreter, open: "[", close: "]"))
    case .tuple(let items):
      text =
        "\(items.count) item\(items.count == 1 ? "" : "s") "
        + shortRepr(items.array, interpreter, open: "(", close: ")")
    case .dict(let d): text = "\(d.count) key\(d.count == 1 ? "" : "s")"
    case .value(let x):
      text =
        "data=\(formatScalar(x.data)) grad=\(formatScalar(x.grad))"
        + (x.op == .leaf ? "" : " op=\(x.op.symbol)") + (x.label.map { " label=\($0)" } ?? "")
    case .function(let f): text = f.signature
    // An instance shows what its class's __repr__ says (an nn layer: its PyTorch text).
    case .object(let o as InstanceObject): text = interpreter.repr(v)
    case .object(let o): text = o.summary
    default: text = interpreter.repr(v)
    }
    return text.count > 60 ? String(text.prefix(59)) + "…" : text
  }

  private static func shortRepr(
    _ items: [RValue], _ interpreter: Interpreter, open: String, close: String
  ) -> String {
    let shown = items.prefix(3).map { v -> String in
      if case .list(let inner) = v { return "[\(inner.items.count) items]" }
      return interpreter.repr(v)
    }
    return open + shown.joined(separator: ", ") + (items.count > 3 ? ", …" : "") + close
  }

  /// A name for a node: its label, else a variable holding it, else its operation.
  static func nodeName(_ v: Value, _ names: [Value: String]) -> String {
    if let label = v.label { return label }
    if let name = names[v] { return name }
    return v.op == .leaf ? "leaf(\(formatScalar(v.data)))" : "(\(v.op.symbol))"
  }

  /// Variables holding Values, by Value, for naming nodes.
  static func valueNames(_ interpreter: Interpreter) -> [Value: String] {
    var names: [Value: String] = [:]
    for name in interpreter.globalNames where name != "_" {
      if case .value(let v) = interpreter.lookup(name), names[v] == nil { names[v] = name }
    }
    return names
  }

  /// Evaluates the argument and insists on a Value, or an object that may be shaped like
  /// micrograd's (checked when its graph is walked).
  static func graphArgument(_ c: CommandContext, _ expression: String, command: String)
    -> RValue?
  {
    guard !expression.isEmpty else {
      _ = c.fail(":\(command) needs a Value, e.g. :\(command) L")
      return nil
    }
    do {
      let v = try c.session.evaluate(expression)
      switch v {
      case .value, .object: return v
      default:
        _ = c.fail("TypeError: :\(command) needs a Value, got '\(v.typeName)'")
        return nil
      }
    } catch {
      _ = c.fail(error)
      return nil
    }
  }

  /// How a node was computed from its parents: `a * b`, `tanh(a)`, `x ** 2`.
  static func expression(_ node: Value, _ names: [Value: String]) -> String {
    let operands = node.children.map { nodeName($0, names) }
    switch node.op {
    case .leaf: return nodeName(node, names)
    case .powConstant:
      return "\(operands.first ?? "?") ** \(formatScalar(node.exponent ?? .nan))"
    case .add, .mul, .pow:
      return operands.joined(separator: " \(node.op.symbol) ")
    case .exp, .log, .tanh, .sigmoid, .relu:
      return "\(node.op.symbol)(\(operands.first ?? "?"))"
    }
  }

  @Sendable static func step(_ c: CommandContext) -> InputStatus {
    guard let argument = graphArgument(c, c.argument, command: "step") else { return .failed }
    if case .object(let source as any GraphSource) = argument {
      return GraphSourceCommands.step(c, source)
    }
    guard case .value(let root) = argument else {
      return ObjectGraphCommands.step(c, argument)
    }
    let names = valueNames(c.session.interpreter)
    var sweep = BackwardSweep(root: root)
    // Every node the root depends on is visited exactly once.
    let total = root.graphNodeCount
    c.write(
      "backward from \(nodeName(root, names)): \(total) node\(total == 1 ? "" : "s"), one per step"
        + (c.reader == nil ? "\n" : "; Enter for the next, q to stop\n"))
    var count = 0
    while let s = sweep.next() {
      count += 1
      c.write(stepText(s, count: count, total: total, names: names))
      guard let reader = c.reader, count < total else { continue }
      if !waitForNextStep(reader) {
        c.write(stoppedText(count: count, total: total))
        return .complete
      }
    }
    c.write("done: \(count) node\(count == 1 ? "" : "s") visited\n")
    return .complete
  }

  /// One step of `:step` on a Value. Every grad printed is the field as the step left it:
  /// the sweep writes each parent's grad as it passes the gradient down.
  private static func stepText(
    _ s: BackwardStep, count: Int, total: Int, names: [Value: String]
  ) -> String {
    let name = nodeName(s.node, names)
    var text = "[\(count)/\(total)] \(name)"
    if s.node.op != .leaf { text += " = " + expression(s.node, names) }
    text += "  data \(formatScalar(s.node.data))  grad \(formatScalar(s.node.grad))"
    text += "\n"
    if let seed = s.seed {
      text +=
        "      \(name).grad \(formatScalar(seed.gradBefore)) → \(formatScalar(seed.gradAfter)):"
        + " backward starts with ∂\(name)/∂\(name) = 1\n"
    }
    for c in s.contributions {
      text +=
        "      → \(nodeName(c.parent, names)): local \(formatScalar(c.local)) × upstream "
        + "\(formatScalar(s.upstream)) = \(formatScalar(c.added)); its grad "
        + "\(formatScalar(c.gradBefore)) → \(formatScalar(c.gradAfter))\n"
    }
    if s.contributions.isEmpty { text += "      leaf: nothing to pass on\n" }
    return text
  }

  /// Waits for Enter; false when the student stops (q, Ctrl-C, Ctrl-D).
  static func waitForNextStep(_ reader: LineReader) -> Bool {
    switch reader.readLine(prompt: "") {
    case .line(let l) where l.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("q"):
      return false
    case .line: return true
    case .interrupt, .endOfInput: return false
    }
  }

  /// What stopping early leaves behind.
  static func stoppedText(count: Int, total: Int) -> String {
    "stopped after \(count) of \(total) node\(total == 1 ? "" : "s"): every grad is as the steps "
      + "above left it (the rest of backward did not run)\n"
  }

  @Sendable static func time(_ c: CommandContext) -> InputStatus {
    guard !c.argument.isEmpty else { return c.fail(":time needs a statement, e.g. :time f(10)") }
    let clock = ContinuousClock()
    let start = clock.now
    let status = c.session.submit(c.argument, endOfBlock: true, recording: false)
    // :save replays the statement itself.
    c.replay = c.argument
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let text =
      seconds < 1
      ? String(format: "%.3g ms", seconds * 1000) : String(format: "%.3f s", seconds)
    c.write("wall time: \(text)\n")
    return status == .failed ? .failed : .complete
  }

  @Sendable static func history(_ c: CommandContext) -> InputStatus {
    let entries = c.session.history
    guard !entries.isEmpty else {
      c.write("no history yet\n")
      return .complete
    }
    let width = String(entries.count).count
    var text = ""
    for (k, entry) in entries.enumerated() {
      let number = String(k + 1)
      let pad = String(repeating: " ", count: width - number.count)
      let lines = entry.text.split(separator: "\n", omittingEmptySubsequences: false)
      let mark = entry.succeeded ? " " : "!"
      text += "\(pad)\(number)\(mark) \(lines.first ?? "")\n"
      for line in lines.dropFirst() {
        text += String(repeating: " ", count: width + 2) + line + "\n"
      }
    }
    c.write(text)
    return .complete
  }

  @Sendable static func save(_ c: CommandContext) -> InputStatus {
    guard !c.argument.isEmpty else { return c.fail(":save needs a file name, e.g. :save s.py") }
    let source = c.session.replayableSource
    if let refusal = c.session.refusalToWrite(c.argument) { return c.fail(refusal) }
    do {
      try writeAtomically(source, to: c.argument)
    } catch {
      return c.fail("could not write \(c.argument): \(error.localizedDescription)")
    }
    let count = c.session.history.filter { $0.succeeded && $0.replay != nil }.count
    c.write("saved \(count) entr\(count == 1 ? "y" : "ies") to \(c.argument)\n")
    return .complete
  }

  @Sendable static func load(_ c: CommandContext) -> InputStatus {
    guard !c.argument.isEmpty else { return c.fail(":load needs a file name, e.g. :load s.py") }
    let text: String
    do {
      text = try String(contentsOfFile: c.argument, encoding: .utf8)
    } catch {
      return c.fail("could not read \(c.argument): no such file or not UTF-8 text")
    }
    guard c.session.runScript(text, fileName: c.argument) else { return .failed }
    c.replay = text
    return .complete
  }

  @Sendable static func reset(_ c: CommandContext) -> InputStatus {
    c.session.reset()
    c.write("fresh session: variables and history cleared\n")
    return .complete
  }
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so
/// the file is either the old one or the complete new one, never half written.
func writeAtomically(_ text: String, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  let directory = url.deletingLastPathComponent()
  let temporary = directory.appendingPathComponent(
    ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
  try Data(text.utf8).write(to: temporary)
  if rename(temporary.path, url.path) != 0 {
    let code = errno
    try? FileManager.default.removeItem(at: temporary)
    throw NSError(
      domain: NSPOSIXErrorDomain, code: Int(code),
      userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(code))])
  }
}
