// micrograd's Value and the scalar functions that accept numbers or Values.

import Foundation
import GradCore

enum ValueBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    table.add(
      "Value", signature: "Value(data, label=None)",
      doc: "A scalar that remembers how it was computed; call .backward() on a result and "
        + "read .grad on its inputs."
    ) { (args, _) throws(ReplError) in
      try args.check("Value", positional: 1, 2, keywords: ["label"])
      let data: Double
      if case .value(let v) = args.positional[0] {
        data = v.data
      } else {
        data = try args.positional[0].number(for: "Value")
      }
      var label: String?
      if let l = args.argument(1, "label"), !l.isNone {
        guard case .str(let s) = l else {
          throw ReplError.type("Value() label must be a str, not '\(l.typeName)'")
        }
        label = s
      }
      return .value(Value(data, label: label))
    }
    table.add(
      "draw_dot", signature: "draw_dot(root)",
      doc: "Draws the graph that computed root, with data and grad, as text (the lecture's "
        + "Graphviz drawing; :dot root FILE writes real Graphviz)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("draw_dot", positional: 1)
      guard case .value(let root) = args.positional[0] else {
        throw ReplError.type("draw_dot() needs a Value, got '\(args.positional[0].typeName)'")
      }
      let drawing = root.drawGraph(maxWidth: 80)
      interpreter.write(drawing.hasSuffix("\n") ? drawing : drawing + "\n")
      return .none
    }
    // Each function: its derivative in the doc, the Value op, and the plain-number version.
    let functions: [(String, String, (Value) -> Value, (Double) -> Double, (Double) -> Bool)] = [
      (
        "exp", "e**x; on a Value, d/dx = e**x.", { $0.exp() }, { Foundation.exp($0) }, { _ in true }
      ),
      (
        "log", "natural log; on a Value, d/dx = 1/x.", { $0.log() }, { Foundation.log($0) },
        { $0 > 0 }
      ),
      (
        "tanh", "tanh x; on a Value, d/dx = 1 − tanh²x.", { $0.tanh() }, { Foundation.tanh($0) },
        { _ in true }
      ),
      (
        "sigmoid", "1/(1+e**−x); on a Value, d/dx = σ(x)(1 − σ(x)).", { $0.sigmoid() },
        { 1 / (1 + Foundation.exp(-$0)) }, { _ in true }
      ),
      (
        "relu", "max(0, x); on a Value, d/dx = 1 if x > 0 else 0.", { $0.relu() },
        { Swift.max(0, $0) }, { _ in true }
      ),
    ]
    for (name, doc, onValue, onNumber, inDomain) in functions {
      table.add(name, signature: "\(name)(x)", doc: doc) { (args, interpreter) throws(ReplError) in
        try args.check(name, positional: 1)
        if case .value(let v) = args.positional[0] { return .value(onValue(v)) }
        // Other kinds (tensors) answer through their method of the same name: tanh(t) is t.tanh().
        if case .object = args.positional[0] {
          return try interpreter.callMethod(args.positional[0], name, Arguments([]))
        }
        let x = try args.positional[0].number(for: name)
        guard inDomain(x) else { throw ReplError.value("math domain error") }
        return .float(onNumber(x))
      }
    }
  }
}
