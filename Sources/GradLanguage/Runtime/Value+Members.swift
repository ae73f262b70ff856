// micrograd's Value at the prompt: its attributes and methods in one table.
// Reading and calling go through it, and so do the names completion and
// did-you-mean use and the list `help(Value)` prints.

import GradCore

extension BuiltinMembers {
  /// Every attribute and method of a Value, in the order help lists them.
  static let valueMembers = MemberTable<Value>(
    [
      .property(
        "data", "the forward value (settable)", get: { .float($0.data) },
        set: { (v, value) throws(ReplError) in v.data = try valueNumber(value, "data") }),
      .property(
        "grad", "∂L/∂self after L.backward() (settable)", get: { .float($0.grad) },
        set: { (v, value) throws(ReplError) in v.grad = try valueNumber(value, "grad") }),
      .property(
        "label", "a name shown in graph drawings (settable)",
        get: { $0.label.map(RValue.str) ?? .none },
        set: { (v, value) throws(ReplError) in
          switch value {
          case .str(let s): v.label = s
          case .none: v.label = nil
          default: throw ReplError.type("Value.label must be a str, not '\(value.typeName)'")
          }
        }),
      .attribute("op", "the operation that made it ('' for a leaf)") { .str($0.op.symbol) },
      .attribute("children", "the Values it was made from") {
        .list(ListBox($0.children.map(RValue.value)))
      },
      .method("backward", "backward()", "backpropagate: fill .grad of every node") {
        (v, arguments, _) throws(ReplError) in
        try arguments.check("backward", positional: 0)
        v.backward()
        return RValue.none
      },
      .method(
        "_backward", "_backward()",
        "one chain-rule step: child.grad += ∂self/∂child · self.grad, for each child"
      ) { (v, arguments, _) throws(ReplError) in
        // micrograd's per-node closure: pass this node's gradient to its children,
        // each scaled by the local derivative (the chain rule, one node at a time).
        try arguments.check("_backward", positional: 0)
        for (child, local) in zip(v.children, v.localDerivatives) {
          child.grad += local * v.grad
        }
        return RValue.none
      },
      .method("zero_grad", "zero_grad()", "set .grad to 0 on every node of the graph") {
        (v, arguments, _) throws(ReplError) in
        try arguments.check("zero_grad", positional: 0)
        v.zeroGrad()
        return RValue.none
      },
      valueFunction("tanh", "tanh(self), d/dx = 1 − tanh²x") { $0.tanh() },
      valueFunction("exp", "e**self, d/dx = e**x") { $0.exp() },
      valueFunction("log", "natural log, d/dx = 1/x") { $0.log() },
      valueFunction("relu", "max(0, self), d/dx = 1 if x > 0 else 0") { $0.relu() },
      valueFunction("sigmoid", "1/(1+e**−x), d/dx = σ(x)(1−σ(x))") { $0.sigmoid() },
      .method("item", "item()", "the forward value as a float") {
        (v, arguments, _) throws(ReplError) in
        try arguments.check("item", positional: 0)
        return .float(v.data)
      },
    ])

  /// A method computing a new Value from this one (recorded in the graph).
  private static func valueFunction(
    _ name: String, _ doc: String, _ apply: @escaping @Sendable (Value) -> Value
  ) -> Member<Value> {
    .method(name, "\(name)()", doc) { (v, arguments, _) throws(ReplError) in
      try arguments.check(name, positional: 0)
      return .value(apply(v))
    }
  }

  /// The number assigned to `.data` or `.grad`, or a TypeError that says what to write.
  private static func valueNumber(_ value: RValue, _ name: String) throws(ReplError) -> Double {
    guard let x = value.asDouble else {
      throw ReplError.type(
        "Value.\(name) must be a number, not '\(value.typeName)'"
          + (value.typeName == "Value" ? " (use .data of the other Value)" : ""))
    }
    return x
  }
}
