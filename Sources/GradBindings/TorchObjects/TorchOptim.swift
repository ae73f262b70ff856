// torch.optim: SGD and Adam over the tensors a model or a list gives, with step()
// and zero_grad().

import Foundation
import GradLanguage
import GradTensor

extension TorchNN {
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
