// torch.optim: SGD and Adam over any iterable of tensors (a list, model.parameters(), a
// generator) or a list of parameter groups (dicts with 'params' and their own settings),
// with step(), zero_grad(), param_groups and state_dict(); and torch.optim.lr_scheduler's
// StepLR and ExponentialLR, which set each group's 'lr' as PyTorch's schedulers do.

import Foundation
import GradLanguage
import GradTensor

extension TorchNN {
  static func optimModule() -> ModuleObject {
    var m = Members()
    m.add(
      "SGD", "SGD(params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False)",
      "Stochastic gradient descent with PyTorch's update: v = μ·v + g (+ λ·p), p −= lr·v."
    ) { (args, interpreter) throws(ReplError) in
      try args.check(
        "SGD", positional: 1, 2,
        keywords: ["lr", "momentum", "weight_decay", "dampening", "nesterov"])
      var defaults: [(String, RValue)] = [
        ("lr", .float(1e-3)), ("momentum", .int(0)), ("dampening", .int(0)),
        ("weight_decay", .int(0)), ("nesterov", .bool(false)),
      ]
      if let lr = args.argument(1, "lr") { defaults[0].1 = lr }
      for (i, (name, _)) in defaults.enumerated().dropFirst() {
        if let v = args.keyword(name) { defaults[i].1 = v }
      }
      return .object(
        try OptimizerObject(
          .sgd, groups: try parameterGroups(args.positional[0], "SGD", interpreter),
          defaults: defaults, interpreter))
    }
    m.add(
      "Adam", "Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
      "Adam with bias correction, as PyTorch computes it."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("Adam", positional: 1, 2, keywords: ["lr", "betas", "eps", "weight_decay"])
      var defaults: [(String, RValue)] = [
        ("lr", .float(1e-3)), ("betas", .tuple([.float(0.9), .float(0.999)])),
        ("eps", .float(1e-8)), ("weight_decay", .int(0)),
      ]
      if let lr = args.argument(1, "lr") { defaults[0].1 = lr }
      for (i, (name, _)) in defaults.enumerated().dropFirst() {
        if let v = args.keyword(name) { defaults[i].1 = v }
      }
      return .object(
        try OptimizerObject(
          .adam, groups: try parameterGroups(args.positional[0], "Adam", interpreter),
          defaults: defaults, interpreter))
    }
    m.values["lr_scheduler"] = .object(lrSchedulerModule())
    return ModuleObject(
      name: "torch.optim", doc: "Optimizers: SGD, Adam; schedulers in lr_scheduler.",
      members: m.values)
  }

  /// The parameter groups given to an optimizer: one group of every tensor an iterable (or a
  /// single tensor) yields, or the dicts of a list of groups.
  static func parameterGroups(_ v: RValue, _ function: String, _ interpreter: Interpreter)
    throws(ReplError) -> [DictBox]
  {
    if v.tensor != nil {
      let group = DictBox()
      try group.set(.str("params"), .list(ListBox([v])))
      return [group]
    }
    let items = try interpreter.collect(v)
    guard !items.isEmpty else {
      throw ReplError.value("\(function)(): optimizer got an empty parameter list")
    }
    if items.allSatisfy({ if case .dict = $0 { true } else { false } }) {
      var groups: [DictBox] = []
      for case .dict(let given) in items {
        let group = DictBox()
        for (key, value) in zip(given.keys, given.values) { try group.set(key, value) }
        guard let params = try group.get(.str("params")) else {
          throw ReplError(
            "KeyError", "\(function)(): a parameter group needs a 'params' entry")
        }
        let tensors: [RValue] =
          params.tensor != nil ? [params] : try interpreter.collect(params)
        for t in tensors { _ = try tensorArgument(t, function) }
        try group.set(.str("params"), .list(ListBox(tensors)))
        groups.append(group)
      }
      return groups
    }
    for item in items { _ = try tensorArgument(item, function) }
    let group = DictBox()
    try group.set(.str("params"), .list(ListBox(items)))
    return [group]
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

/// An optimizer (`torch.optim.SGD`, `Adam`): step() applies the update to every parameter
/// group, zero_grad() clears the gradients; each group's settings live in a dict of
/// `param_groups`, read again at every step, so setting `param_groups[0]['lr']` (what a
/// scheduler does) changes the next update.
final class OptimizerObject: MemberTableObject {
  enum Kind: String {
    case sgd = "SGD"
    case adam = "Adam"
  }

  let kind: Kind
  /// Each group's settings (PyTorch's `param_groups`) and the engine optimizer doing its
  /// updates, which keeps the group's state (momentum buffers, Adam's moments).
  private(set) var groups: [(settings: DictBox, optimizer: any Optimizer)] = []
  /// The dicts as the language sees them: one list, shared, so edits are seen.
  let paramGroups: ListBox

  init(
    _ kind: Kind, groups settings: [DictBox], defaults: [(String, RValue)],
    _ interpreter: Interpreter
  ) throws(ReplError) {
    self.kind = kind
    for group in settings {
      // Settings of the group first (PyTorch keeps 'params' first), then the defaults.
      for (name, value) in defaults where try group.get(.str(name)) == nil {
        try group.set(.str(name), value)
      }
      groups.append((group, try Self.engineOptimizer(kind, group, interpreter)))
    }
    paramGroups = ListBox(settings.map(RValue.dict))
  }

  /// The engine optimizer for one group, from its dict.
  private static func engineOptimizer(_ kind: Kind, _ group: DictBox, _ interpreter: Interpreter)
    throws(ReplError) -> any Optimizer
  {
    let name = kind.rawValue
    func number(_ key: String) throws(ReplError) -> Double {
      try (try group.get(.str(key)) ?? .int(0)).number(for: name)
    }
    var tensors: [Tensor] = []
    if let params = try group.get(.str("params")) {
      for p in try interpreter.collect(params) { tensors.append(try tensorArgument(p, name)) }
    }
    let ps = tensors
    switch kind {
    case .sgd:
      let (lr, momentum, dampening, decay) = (
        try number("lr"), try number("momentum"), try number("dampening"),
        try number("weight_decay")
      )
      let nesterov = try group.get(.str("nesterov"))?.isTruthy ?? false
      return try engine {
        try SGD(
          parameters: ps, learningRate: lr, momentum: momentum, dampening: dampening,
          weightDecay: decay, nesterov: nesterov)
      }
    case .adam:
      let betas = try interpreter.collect(try group.get(.str("betas")) ?? .none)
      guard betas.count == 2 else {
        throw ReplError.value("Adam(): betas must be a pair (beta1, beta2)")
      }
      let (b1, b2) = (try betas[0].number(for: name), try betas[1].number(for: name))
      let (lr, eps, decay) = (try number("lr"), try number("eps"), try number("weight_decay"))
      return try engine {
        try Adam(
          parameters: ps, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps,
          weightDecay: decay)
      }
    }
  }

  var typeName: String { kind.rawValue }

  /// A group's learning rate as its dict holds it now.
  func learningRate(ofGroup i: Int) throws(ReplError) -> Double {
    let lr = try (try groups[i].settings.get(.str("lr")) ?? .float(0)).number(for: "lr")
    guard lr >= 0, lr.isFinite else {
      throw ReplError.value("Invalid learning rate: \(floatRepr(lr)) (it must be ≥ 0)")
    }
    return lr
  }

  /// Sets a group's learning rate, in its dict.
  func setLearningRate(_ lr: Double, ofGroup i: Int) throws(ReplError) {
    try groups[i].settings.set(.str("lr"), .float(lr))
  }

  /// PyTorch's layout: the class, then each group's settings (without the tensors).
  func repr() -> String {
    var lines = ["\(kind.rawValue) ("]
    for (i, group) in groups.enumerated() {
      lines.append("Parameter Group \(i)")
      var settings: [(String, RValue)] = []
      for (key, value) in zip(group.settings.keys, group.settings.values) {
        guard case .str(let name) = key, name != "params" else { continue }
        settings.append((name, value))
      }
      for (name, value) in settings.sorted(by: { $0.0 < $1.0 }) {
        lines.append("    \(name): \(settingText(value))")
      }
    }
    lines.append(")")
    return lines.joined(separator: "\n")
  }

  private func settingText(_ v: RValue) -> String {
    switch v {
    case .float(let x): return floatRepr(x)
    case .int(let n): return String(n)
    case .bool(let b): return b ? "True" : "False"
    case .tuple(let items): return "(" + items.map(settingText).joined(separator: ", ") + ")"
    case .str(let s): return s
    default: return v.typeName
    }
  }

  var summary: String {
    let lr = (try? learningRate(ofGroup: 0)).map(floatRepr) ?? "?"
    let count = groups.reduce(0) { $0 + $1.optimizer.parameters.count }
    return "lr=\(lr), \(count) parameter tensors"
  }
  var helpText: String {
    repr()
      + "\n  .zero_grad() before backward(), .step() after it; .param_groups[0]['lr'] (or .lr) "
      + "reads or sets the learning rate."
  }

  /// One update of every group, each with the learning rate its dict holds now.
  func step() throws(ReplError) {
    for i in groups.indices {
      let lr = try learningRate(ofGroup: i)
      let optimizer = groups[i].optimizer
      if let s = optimizer as? SGD { s.learningRate = lr }
      if let a = optimizer as? Adam { a.learningRate = lr }
      try engine { try optimizer.step() }
    }
  }

  /// An optimizer's members: the same for SGD and Adam.
  static let members = MemberTable<OptimizerObject>(
    [
      .property(
        "lr", "the first group's learning rate (settable; same as param_groups[0]['lr'])",
        get: { (o) throws(ReplError) in .float(try o.learningRate(ofGroup: 0)) },
        set: { (o, value) throws(ReplError) in
          let lr = try value.number(for: "lr")
          guard lr >= 0, lr.isFinite else {
            throw ReplError.value("lr must be a non-negative number")
          }
          for i in o.groups.indices { try o.setLearningRate(lr, ofGroup: i) }
        }),
      .attribute("param_groups", "a list of dicts: each group's 'params' and settings") {
        .list($0.paramGroups)
      },
      .method("step", "step()", "one update of every parameter from its grad") {
        (o, arguments, _) throws(ReplError) in
        try arguments.check("step", positional: 0, keywords: ["closure"])
        try o.step()
        return RValue.none
      },
      .method(
        "zero_grad", "zero_grad(set_to_none=True)",
        "clears the parameters' grads: None by default, zeros with set_to_none=False"
      ) { (o, arguments, _) throws(ReplError) in
        try arguments.check("zero_grad", positional: 0, 1, keywords: ["set_to_none"])
        let toNone = arguments.argument(0, "set_to_none")?.isTruthy ?? true
        for group in o.groups {
          if toNone {
            group.optimizer.zeroGrad()
          } else {
            for p in group.optimizer.parameters where p.grad != nil {
              try engine { try p.grad?.zero_() }
            }
          }
        }
        return RValue.none
      },
      .method(
        "state_dict", "state_dict()",
        "{'state': ..., 'param_groups': [...]}: each group's settings, 'params' as positions"
      ) { (o, arguments, _) throws(ReplError) in
        try arguments.check("state_dict", positional: 0)
        var position = 0
        var groups: [RValue] = []
        for group in o.groups {
          let d = DictBox()
          for (key, value) in zip(group.settings.keys, group.settings.values) {
            if case .str("params") = key { continue }
            try d.set(key, value)
          }
          let n = group.optimizer.parameters.count
          try d.set(.str("params"), .list(ListBox((position..<(position + n)).map(RValue.int))))
          position += n
          groups.append(.dict(d))
        }
        let state = DictBox()
        try state.set(.str("state"), .dict(DictBox()))
        try state.set(.str("param_groups"), .list(ListBox(groups)))
        return .dict(state)
      },
    ])
}

// MARK: - Schedulers

extension TorchNN {
  static func lrSchedulerModule() -> ModuleObject {
    var m = Members()
    m.add(
      "StepLR", "StepLR(optimizer, step_size, gamma=0.1)",
      "Multiplies every group's lr by gamma each step_size calls of step()."
    ) { (args, _) throws(ReplError) in
      try args.check("StepLR", positional: 1, 3, keywords: ["step_size", "gamma", "last_epoch"])
      let optimizer = try optimizerArgument(args.positional[0], "StepLR")
      guard let sizeValue = args.argument(1, "step_size") else {
        throw ReplError.type("StepLR() missing required argument 'step_size'")
      }
      let size = try sizeValue.integer(for: "StepLR")
      guard size > 0 else { throw ReplError.value("StepLR(): step_size must be positive") }
      let gamma = try args.argument(2, "gamma")?.number(for: "StepLR") ?? 0.1
      return .object(try SchedulerObject("StepLR", optimizer, stepSize: size, gamma: gamma))
    }
    m.add(
      "ExponentialLR", "ExponentialLR(optimizer, gamma)",
      "Multiplies every group's lr by gamma at each call of step()."
    ) { (args, _) throws(ReplError) in
      try args.check("ExponentialLR", positional: 1, 2, keywords: ["gamma", "last_epoch"])
      let optimizer = try optimizerArgument(args.positional[0], "ExponentialLR")
      guard let gammaValue = args.argument(1, "gamma") else {
        throw ReplError.type("ExponentialLR() missing required argument 'gamma'")
      }
      let gamma = try gammaValue.number(for: "ExponentialLR")
      return .object(try SchedulerObject("ExponentialLR", optimizer, stepSize: 1, gamma: gamma))
    }
    return ModuleObject(
      name: "torch.optim.lr_scheduler", doc: "Learning-rate schedules: StepLR, ExponentialLR.",
      members: m.values)
  }

  private static func optimizerArgument(_ v: RValue, _ function: String) throws(ReplError)
    -> OptimizerObject
  {
    guard case .object(let o as OptimizerObject) = v else {
      throw ReplError.type("\(function)(): \(v.typeName) is not an Optimizer")
    }
    return o
  }
}

/// A learning-rate schedule over an optimizer's groups:
///
/// ```
/// lr(epoch) = initial_lr · gamma^⌊epoch / step_size⌋     (ExponentialLR: step_size = 1)
/// ```
///
/// each `step()` advances the epoch by one and writes the new lr into every group's dict.
final class SchedulerObject: MemberTableObject {
  let name: String
  let optimizer: OptimizerObject
  let stepSize: Int
  let gamma: Double
  /// Each group's learning rate when the schedule began.
  let initialRates: [Double]
  private(set) var epoch = 0

  init(_ name: String, _ optimizer: OptimizerObject, stepSize: Int, gamma: Double)
    throws(ReplError)
  {
    self.name = name
    self.optimizer = optimizer
    self.stepSize = stepSize
    self.gamma = gamma
    var rates: [Double] = []
    for i in optimizer.groups.indices {
      let lr = try optimizer.learningRate(ofGroup: i)
      rates.append(lr)
      try optimizer.groups[i].settings.set(.str("initial_lr"), .float(lr))
    }
    initialRates = rates
  }

  var typeName: String { name }
  func repr() -> String { "<torch.optim.lr_scheduler.\(name) object>" }
  var helpText: String {
    "\(name): call step() once per epoch (after optimizer.step()); get_last_lr() gives the "
      + "learning rates it set."
  }

  /// One epoch on: at each boundary every group's rate is multiplied by gamma, step by step
  /// as PyTorch does, so the rounding (and the printed rates) agree with its own.
  private func advance() throws(ReplError) {
    epoch += 1
    guard epoch % stepSize == 0 else { return }
    for i in optimizer.groups.indices {
      try optimizer.setLearningRate(
        try optimizer.learningRate(ofGroup: i) * gamma, ofGroup: i)
    }
  }

  static let members = MemberTable<SchedulerObject>([
    .method("step", "step()", "advance one epoch; every group's lr follows the schedule") {
      (s, arguments, _) throws(ReplError) in
      try arguments.check("step", positional: 0)
      try s.advance()
      return RValue.none
    },
    .method("get_last_lr", "get_last_lr()", "the learning rate of each group, as a list") {
      (s, arguments, _) throws(ReplError) in
      try arguments.check("get_last_lr", positional: 0)
      var rates: [RValue] = []
      for i in s.optimizer.groups.indices {
        rates.append(.float(try s.optimizer.learningRate(ofGroup: i)))
      }
      return .list(ListBox(rates))
    },
    .attribute("last_epoch", "how many times step() has been called") { .int($0.epoch) },
    .attribute("base_lrs", "each group's learning rate when the schedule began") {
      .list(ListBox($0.initialRates.map(RValue.float)))
    },
  ])
}
