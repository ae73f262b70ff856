// torch.nn, torch.nn.functional (F) and torch.optim at the prompt: layers
// that are callable objects with parameters(), the losses and activations
// the lecture uses, and SGD/Adam with step() and zero_grad().

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

  static func functionalModule() -> ModuleObject {
    var m = Members()
    m.add(
      "cross_entropy",
      "cross_entropy(input, target, ignore_index=-100, reduction='mean')",
      "−log softmax(input)[target], averaged over the rows: input (N, C) logits or (C), target "
        + "(N) int64 class indices or a 0-d index."
    ) { (args, _) throws(ReplError) in
      try args.check(
        "cross_entropy", positional: 2, 2, keywords: ["ignore_index", "reduction"])
      let logits = try tensorArgument(args.positional[0], "cross_entropy")
      let target = try tensorArgument(args.positional[1], "cross_entropy")
      let ignore = try args.integer("ignore_index", "cross_entropy", default: -100)
      var reduction = LossReduction.mean
      if let r = args.keyword("reduction") {
        guard case .str(let text) = r, let parsed = LossReduction(rawValue: text) else {
          throw ReplError.value(
            "cross_entropy(): reduction must be 'mean', 'sum' or 'none', got \(r.typeName)")
        }
        reduction = parsed
      }
      let chosen = reduction
      return .tensor(
        try engine { try crossEntropy(logits, target, ignoreIndex: ignore, reduction: chosen) })
    }
    m.add(
      "one_hot", "one_hot(tensor, num_classes=-1)",
      "int64 rows with a 1 at each index (num_classes=-1: one more than the largest index)."
    ) { (args, _) throws(ReplError) in
      try args.check("one_hot", positional: 1, 2, keywords: ["num_classes"])
      let indices = try tensorArgument(args.positional[0], "one_hot")
      let classes = try args.argument(1, "num_classes")?.integer(for: "one_hot") ?? -1
      return .tensor(try engine { try oneHot(indices, numClasses: classes) })
    }
    for name in ["softmax", "log_softmax"] {
      m.add(name, "\(name)(input, dim)", "Along dim; stable (the row maximum is subtracted).") {
        (args, interpreter) throws(ReplError) in
        try args.check(name, positional: 1, 2, keywords: ["dim"])
        let x = try tensorArgument(args.positional[0], name)
        let rest = Arguments(Array(args.positional.dropFirst()), keywords: args.keywords)
        guard let r = try TensorObject(x).callMethod(name, rest, in: interpreter) else {
          throw ReplError.type("\(name)() is not available")
        }
        return r
      }
    }
    for op in UnaryElementwiseOp.all where op.isFunctional {
      m.values[op.name] = .builtin(
        op.function(signature: "\(op.name)(input)", doc: "Elementwise \(op.name)."))
    }
    m.add(
      "embedding", "embedding(input, weight)",
      "Rows of weight picked by the int64 indices in input: shape input.shape + (dim,)."
    ) { (args, _) throws(ReplError) in
      try args.check("embedding", positional: 2, 2)
      let indices = try tensorArgument(args.positional[0], "embedding")
      let weight = try tensorArgument(args.positional[1], "embedding")
      return .tensor(try engine { try embedding(indices, weight) })
    }
    m.add(
      "mse_loss", "mse_loss(input, target, reduction='mean')",
      "Mean (or sum) of the squared differences."
    ) { (args, _) throws(ReplError) in
      try args.check("mse_loss", positional: 2, 2, keywords: ["reduction"])
      let a = try tensorArgument(args.positional[0], "mse_loss")
      let b = try tensorArgument(args.positional[1], "mse_loss")
      var reduction = "mean"
      if let r = args.keyword("reduction") {
        guard case .str(let text) = r, ["mean", "sum", "none"].contains(text) else {
          throw ReplError.value("mse_loss(): reduction must be 'mean', 'sum' or 'none'")
        }
        reduction = text
      }
      let how = reduction
      return .tensor(
        try engine {
          let d = try a - b
          let squared = try d * d
          switch how {
          case "sum": return try squared.sum()
          case "none": return squared
          default: return try squared.mean()
          }
        })
    }
    m.add(
      "dropout", "dropout(input, p=0.5, training=True)",
      "Zeroes each element with probability p and scales the rest by 1/(1−p)."
    ) { (args, _) throws(ReplError) in
      try args.check("dropout", positional: 1, 3, keywords: ["p", "training"])
      let x = try tensorArgument(args.positional[0], "dropout")
      let p = try args.argument(1, "p")?.number(for: "dropout") ?? 0.5
      let training = args.argument(2, "training")?.isTruthy ?? true
      return .tensor(try engine { try dropout(x, p: p, training: training) })
    }
    return ModuleObject(
      name: "torch.nn.functional",
      doc: "Losses and activations as functions (pre-bound as F).", members: m.values)
  }

  static func optimModule() -> ModuleObject {
    var m = Members()
    m.add(
      "SGD", "SGD(params, lr, momentum=0, weight_decay=0, dampening=0, nesterov=False)",
      "Stochastic gradient descent with PyTorch's update: v = μ·v + g (+ λ·p), p −= lr·v."
    ) { (args, interpreter) throws(ReplError) in
      try args.check(
        "SGD", positional: 1, 2,
        keywords: ["lr", "momentum", "weight_decay", "dampening", "nesterov"])
      let ps = try parameterList(args.positional[0], "SGD", interpreter)
      guard let lrValue = args.argument(1, "lr") else {
        throw ReplError.type("SGD() missing required argument 'lr'")
      }
      let lr = try lrValue.number(for: "SGD")
      let momentum = try args.keyword("momentum")?.number(for: "SGD") ?? 0
      let decay = try args.keyword("weight_decay")?.number(for: "SGD") ?? 0
      let dampening = try args.keyword("dampening")?.number(for: "SGD") ?? 0
      let nesterov = args.flag("nesterov", default: false)
      return .object(
        OptimizerObject(
          try engine {
            try SGD(
              parameters: ps, learningRate: lr, momentum: momentum, dampening: dampening,
              weightDecay: decay, nesterov: nesterov)
          }))
    }
    m.add(
      "Adam", "Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
      "Adam with bias correction, as PyTorch computes it."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("Adam", positional: 1, 2, keywords: ["lr", "betas", "eps", "weight_decay"])
      let ps = try parameterList(args.positional[0], "Adam", interpreter)
      let lr = try args.argument(1, "lr")?.number(for: "Adam") ?? 1e-3
      var betas = (0.9, 0.999)
      if let b = args.keyword("betas") {
        let items = try interpreter.collect(b)
        guard items.count == 2 else {
          throw ReplError.value("Adam(): betas must be a pair (beta1, beta2)")
        }
        betas = (try items[0].number(for: "Adam"), try items[1].number(for: "Adam"))
      }
      let eps = try args.keyword("eps")?.number(for: "Adam") ?? 1e-8
      let decay = try args.keyword("weight_decay")?.number(for: "Adam") ?? 0
      let (b1, b2) = betas
      return .object(
        OptimizerObject(
          try engine {
            try Adam(
              parameters: ps, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps,
              weightDecay: decay)
          }))
    }
    return ModuleObject(
      name: "torch.optim", doc: "Optimizers: SGD, Adam.", members: m.values)
  }

  /// The tensors given as an optimizer's parameters: a list or tuple of tensors (what
  /// `model.parameters()` returns), or a single tensor.
  static func parameterList(_ v: RValue, _ function: String, _ interpreter: Interpreter)
    throws(ReplError) -> [Tensor]
  {
    if let t = v.tensor { return [t] }
    let ps = try TorchBuiltins.tensorList(v, function, interpreter)
    guard !ps.isEmpty else { throw ReplError.value("\(function)(): got an empty parameter list") }
    return ps
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

/// An optimizer (`torch.optim.SGD`, `Adam`): step() applies the update, zero_grad() clears
/// the gradients, lr can be read and set.
final class OptimizerObject: MemberTableObject {
  let optimizer: any Optimizer
  init(_ optimizer: any Optimizer) { self.optimizer = optimizer }

  var typeName: String { optimizer is SGD ? "SGD" : "Adam" }

  var learningRate: Double {
    get {
      if let s = optimizer as? SGD { return s.learningRate }
      if let a = optimizer as? Adam { return a.learningRate }
      return 0
    }
    set {
      if let s = optimizer as? SGD { s.learningRate = newValue }
      if let a = optimizer as? Adam { a.learningRate = newValue }
    }
  }

  func repr() -> String {
    if let s = optimizer as? SGD {
      return "SGD(lr=\(floatRepr(s.learningRate)), momentum=\(floatRepr(s.momentum)), "
        + "weight_decay=\(floatRepr(s.weightDecay)))"
    }
    if let a = optimizer as? Adam {
      return "Adam(lr=\(floatRepr(a.learningRate)), betas=(\(floatRepr(a.beta1)), "
        + "\(floatRepr(a.beta2))), eps=\(floatRepr(a.epsilon)))"
    }
    return "Optimizer()"
  }

  var summary: String {
    "lr=\(floatRepr(learningRate)), \(optimizer.parameters.count) parameter tensors"
  }
  var helpText: String {
    repr()
      + "\n  .zero_grad() before backward(), .step() after it; .lr reads or sets the learning "
      + "rate."
  }

  /// An optimizer's members: the same for SGD and Adam.
  static let members = MemberTable<OptimizerObject>(
    [
      .property(
        "lr", "the learning rate (settable)", get: { .float($0.learningRate) },
        set: { (o, value) throws(ReplError) in
          let lr = try value.number(for: "lr")
          guard lr >= 0, lr.isFinite else {
            throw ReplError.value("lr must be a non-negative number")
          }
          o.learningRate = lr
        }),
      .method("step", "step()", "one update of every parameter from its grad") {
        (o, arguments, _) throws(ReplError) in
        try arguments.check("step", positional: 0)
        let optimizer = o.optimizer
        try engine { try optimizer.step() }
        return RValue.none
      },
      .method("zero_grad", "zero_grad(set_to_none=True)", "clears the parameters' grads") {
        (o, arguments, _) throws(ReplError) in
        try arguments.check("zero_grad", positional: 0, keywords: ["set_to_none"])
        o.optimizer.zeroGrad()
        return RValue.none
      },
    ])
}
