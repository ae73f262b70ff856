// torch.nn at the prompt: layers that are callable objects with parameters().

import Foundation
import GradLanguage
import GradTensor

enum TorchNN {
  typealias Members = TorchBuiltins.Members

  static func nnModule(functional: ModuleObject) -> ModuleObject {
    var m = Members()
    m.add(
      "Linear", "Linear(in_features, out_features, bias=True, dtype=None)",
      "y = x · Wᵀ + b, W (out, in) and b uniform in ±1/√in_features. Call it on (…, in) tensors."
    ) { (args, _) throws(ReplError) in
      try args.check("Linear", positional: 2, 3, keywords: ["bias", "dtype"])
      let inputs = try dimension(args.positional[0], "Linear")
      let outputs = try dimension(args.positional[1], "Linear")
      let bias = args.argument(2, "bias")?.isTruthy ?? true
      let dtype = try args.dtype("Linear") ?? .float32
      try checkParameterCount(inputs, outputs, "Linear")
      return .object(
        TorchLayerObject(
          try engine {
            try Linear(inFeatures: inputs, outFeatures: outputs, bias: bias, dtype: dtype)
          }))
    }
    m.add(
      "Embedding", "Embedding(num_embeddings, embedding_dim, dtype=None)",
      "A lookup table of num_embeddings rows of size embedding_dim, N(0, 1) at the start. "
        + "Call it on an int64 tensor of indices."
    ) { (args, _) throws(ReplError) in
      try args.check("Embedding", positional: 2, 2, keywords: ["dtype"])
      let count = try dimension(args.positional[0], "Embedding")
      let size = try dimension(args.positional[1], "Embedding")
      let dtype = try args.dtype("Embedding") ?? .float32
      try checkParameterCount(count, size, "Embedding")
      return .object(
        TorchLayerObject(try engine { try Embedding(count: count, dimension: size, dtype: dtype) }))
    }
    var utils = Members()
    utils.add(
      "clip_grad_norm_", "clip_grad_norm_(parameters, max_norm)",
      "Scales all gradients together so their joint 2-norm is at most max_norm; returns the "
        + "norm before clipping."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("clip_grad_norm_", positional: 2, 2)
      let ps = try parameterList(args.positional[0], "clip_grad_norm_", interpreter)
      let maxNorm = try args.positional[1].number(for: "clip_grad_norm_")
      let norm = try engine { try clipGradNorm(ps, maxNorm: maxNorm) }
      return .tensor(try engine { try Tensor.full([], value: norm) })
    }
    m.values["utils"] = .object(
      ModuleObject(name: "torch.nn.utils", doc: "Gradient clipping.", members: utils.values))
    m.values["functional"] = .object(functional)
    return ModuleObject(
      name: "torch.nn", doc: "Layers with parameters: Linear, Embedding; functional; utils.",
      members: m.values)
  }

  /// Sizes past this are refused before the engine tries to allocate them.
  private static func checkParameterCount(_ a: Int, _ b: Int, _ name: String) throws(ReplError) {
    guard a >= 0, b >= 0 else {
      throw ReplError("RuntimeError", "\(name)(): sizes must be non-negative, got \(a) and \(b)")
    }
    let (n, overflow) = a.multipliedReportingOverflow(by: b)
    guard !overflow, n <= 1 << 34 else {
      throw ReplError(
        "RuntimeError", "\(name)(\(a), \(b)) would need more memory than tensors may use")
    }
  }
}

/// A layer (`nn.Linear`, `nn.Embedding`): callable, with parameters() and zero_grad().
final class TorchLayerObject: RuntimeObject {
  let module: any Module
  init(_ module: any Module) { self.module = module }

  var typeName: String { module is Linear ? "Linear" : "Embedding" }

  func repr() -> String {
    if let l = module as? Linear {
      return "Linear(in_features=\(l.inFeatures), out_features=\(l.outFeatures), "
        + "bias=\(l.bias == nil ? "False" : "True"))"
    }
    if let e = module as? Embedding { return "Embedding(\(e.count), \(e.dimension))" }
    return "Module()"
  }

  var summary: String {
    if let l = module as? Linear {
      return "\(l.inFeatures) → \(l.outFeatures), \(module.parameterCount) parameters"
    }
    if let e = module as? Embedding {
      return "\(e.count) × \(e.dimension), \(module.parameterCount) parameters"
    }
    return "\(module.parameterCount) parameters"
  }

  /// The members of this kind of layer.
  private var members: MemberTable<TorchLayerObject> {
    module is Linear ? Self.linearMembers : Self.embeddingMembers
  }

  var attributeNames: [String] { members.names }

  var helpText: String {
    repr()
      + "\n  Call it on a tensor: layer(x). Attributes: .weight\(module is Linear ? ", .bias" : "")."
      + "\n  .parameters() lists the tensors an optimizer updates; .zero_grad() clears their "
      + "grads."
  }

  func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    try members.value(name, of: self)
  }

  func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  {
    try members.call(name, on: self, arguments, in: interpreter)
  }

  private typealias Row = Member<TorchLayerObject>

  /// Methods every layer has.
  private static let commonRows: [Row] = [
    .method("parameters", "parameters()", "the tensors an optimizer updates") {
      (o, arguments, _) throws(ReplError) in
      try arguments.check("parameters", positional: 0)
      return .list(ListBox(o.module.parameters().map(RValue.tensor)))
    },
    .method("named_parameters", "named_parameters()", "(name, tensor) for each parameter") {
      (o, arguments, _) throws(ReplError) in
      try arguments.check("named_parameters", positional: 0)
      return .list(
        ListBox(o.module.namedParameters().map { .tuple([.str($0.name), .tensor($0.tensor)]) }))
    },
    .method("zero_grad", "zero_grad(set_to_none=True)", "clears the parameters' grads") {
      (o, arguments, _) throws(ReplError) in
      try arguments.check("zero_grad", positional: 0, keywords: ["set_to_none"])
      o.module.zeroGrad()
      return RValue.none
    },
    .method("forward", "forward(x)", "the layer applied to x, as layer(x)") {
      (o, arguments, interpreter) throws(ReplError) in
      guard let result = try o.call(arguments, in: interpreter) else {
        throw ReplError.type("'\(o.typeName)' object is not callable")
      }
      return result
    },
  ]

  /// An attribute of the concrete layer `M`; on another kind of layer, no such attribute.
  private static func layerAttribute<M>(
    _ name: String, _ doc: String, _ get: @escaping @Sendable (M) -> RValue
  ) -> Row {
    .attribute(name, doc) { (o) throws(ReplError) in
      guard let layer = o.module as? M else {
        throw ReplError("AttributeError", "'\(o.typeName)' object has no attribute '\(name)'")
      }
      return get(layer)
    }
  }

  private static let linearMembers = MemberTable<TorchLayerObject>(
    commonRows + [
      layerAttribute("weight", "W, out_features × in_features") { (l: Linear) in .tensor(l.weight)
      },
      layerAttribute("bias", "b, out_features (None without bias)") { (l: Linear) in
        l.bias.map(RValue.tensor) ?? RValue.none
      },
      layerAttribute("in_features", "the size of each input") { (l: Linear) in .int(l.inFeatures) },
      layerAttribute("out_features", "the size of each output") { (l: Linear) in
        .int(l.outFeatures)
      },
    ])

  private static let embeddingMembers = MemberTable<TorchLayerObject>(
    commonRows + [
      layerAttribute("weight", "one row per index, num_embeddings × embedding_dim") {
        (e: Embedding) in .tensor(e.weight)
      },
      layerAttribute("num_embeddings", "how many indices it has rows for") { (e: Embedding) in
        .int(e.count)
      },
      layerAttribute("embedding_dim", "the length of each row") { (e: Embedding) in
        .int(e.dimension)
      },
    ])

  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    let name = typeName
    try arguments.check(name, positional: 1, 1)
    let x = try tensorArgument(arguments.positional[0], name)
    switch module {
    case let l as Linear: return .tensor(try engine { try l(x) })
    case let e as Embedding: return .tensor(try engine { try e(x) })
    default: return nil
    }
  }
}
