// The elementwise functions of one tensor, one row each. From a row come the
// tensor method `x.exp()`, the torch function `torch.exp(x)` and, where the row
// says so, the functional `F.relu(x)`: a new elementwise op is one row here.

import GradLanguage
import GradTensor

/// An elementwise function of one tensor, recorded for autograd.
struct UnaryElementwiseOp: Sendable {
  /// The name under which it is a method, a torch function and (maybe) a functional.
  let name: String
  /// What it computes, for the tensor method's help.
  let formula: String
  /// Whether `torch.nn.functional` has it too (`F.relu`).
  let isFunctional: Bool
  /// The engine's function.
  let apply: @Sendable (Tensor) throws -> Tensor

  /// Applies it, turning an engine error into one error line.
  func callAsFunction(_ t: Tensor) throws(ReplError) -> Tensor {
    try engine { try apply(t) }
  }

  /// Every elementwise function of one tensor, in the order `torch` registers them.
  static let all: [UnaryElementwiseOp] = [
    UnaryElementwiseOp(name: "exp", formula: "e**x", isFunctional: false) { try $0.exp() },
    UnaryElementwiseOp(name: "log", formula: "natural log", isFunctional: false) { try $0.log() },
    UnaryElementwiseOp(name: "tanh", formula: "tanh x", isFunctional: true) { try $0.tanh() },
    UnaryElementwiseOp(name: "sigmoid", formula: "1/(1+e**−x)", isFunctional: true) {
      try $0.sigmoid()
    },
    UnaryElementwiseOp(name: "relu", formula: "max(0, x)", isFunctional: true) { try $0.relu() },
    UnaryElementwiseOp(name: "sqrt", formula: "√x", isFunctional: false) { try $0.sqrt() },
    UnaryElementwiseOp(name: "abs", formula: "|x|", isFunctional: false) { try $0.abs() },
    UnaryElementwiseOp(name: "neg", formula: "−x", isFunctional: false) { try $0.neg() },
    UnaryElementwiseOp(name: "sign", formula: "−1, 0 or 1", isFunctional: false) {
      try $0.sign()
    },
  ]

  /// The tensor method: `x.name()`.
  var tensorMethod: Member<TensorObject> {
    let op = self
    return .method(name, "\(name)()", "Elementwise \(formula), recorded for autograd.") {
      (o, args, _) throws(ReplError) in
      try args.check(op.name, positional: 0)
      return .tensor(try op(o.tensor))
    }
  }

  /// The function of a module (`torch.exp(x)`, `F.relu(input)`), taking the tensor first.
  func function(signature: String, doc: String) -> BuiltinFunction {
    let op = self
    return BuiltinFunction(name, signature: signature, doc: doc) { (args, _) throws(ReplError) in
      try args.check(op.name, positional: 1, 1)
      return .tensor(try op(try tensorArgument(args.positional[0], op.name)))
    }
  }
}

/// `torch.maximum(a, b)` (or `minimum`), elementwise with broadcasting.
///
/// Each side's gradient is 1 where it won, 0 where it lost and ½ at a tie, as in PyTorch.
func elementwiseExtreme(_ a: Tensor, _ b: Tensor, _ largest: Bool) throws(ReplError) -> Tensor {
  try engine {
    let (x, y) = a.dtype == b.dtype ? (a, b) : (try a.to(promoted(a, b)), try b.to(promoted(a, b)))
    return largest ? try Tensor.maximum(x, y) : try Tensor.minimum(x, y)
  }
}

/// The dtype two operands meet in: floating point wins over integers, float64 over float32.
private func promoted(_ a: Tensor, _ b: Tensor) -> DType {
  if a.dtype == .float64 || b.dtype == .float64 { return .float64 }
  if a.dtype.isFloatingPoint || b.dtype.isFloatingPoint { return .float32 }
  return .int64
}
