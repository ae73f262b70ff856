// Help text for values: what `help(x)` and `?x` print.

extension Interpreter {
  /// A few lines explaining `v`.
  public func helpText(for v: RValue) -> String {
    switch v {
    case .builtin(let b):
      if b.name == "Value" { return b.signature + "\n  " + b.doc + "\n" + valueHelp }
      return b.signature + "\n  " + b.doc
    case .function(let f):
      var text = "function \(f.signature)"
      if let doc = f.code.docstring { text += "\n  " + doc }
      return text
    case .value(let x):
      return x.description + "\n" + valueHelp
    case .boundMethod(let receiver, let name):
      if case .value = receiver, let m = BuiltinMembers.valueMembers.member(named: name) {
        return "Value.\(name)(): \(m.doc)"
      }
      if case .object(let o) = receiver, let text = o.memberHelp(name) { return text }
      return "method \(receiver.typeName).\(name)"
    case .object(let o): return o.helpText
    case .list: return "list: " + BuiltinMembers.list.map { "." + $0 + "()" }.joined(separator: " ")
    case .str: return "str: " + BuiltinMembers.str.map { "." + $0 + "()" }.joined(separator: " ")
    case .dict: return "dict: " + BuiltinMembers.dict.map { "." + $0 + "()" }.joined(separator: " ")
    default: return "\(v.typeName): \(repr(v))"
    }
  }

  private var valueHelp: String {
    "Value attributes and methods:\n"
      + BuiltinMembers.valueMembers.rows.map { m in "  ." + m.signature + "  " + m.doc }
      .joined(separator: "\n")
      + "\nOperators: + - * / ** with numbers or Values on either side."
  }
}
