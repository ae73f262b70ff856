// torch.nn.functional (pre-bound as F): losses and activations as functions.

import Foundation
import GradLanguage
import GradTensor

extension TorchNN {
  static func functionalModule() -> ModuleObject {
    var m = Members()
    m.add(
      "cross_entropy",
      "cross_entropy(input, target, ignore_index=-100, reduction='mean')",
      "−log softmax(input)[target], averaged over the rows: input (N, C) logits or (C), target "
        + "(N) int64 class indices or a 0-d index."
    ) { (args, _) throws(ReplError) in
      try args.check(
        "cross_entropy", positional: 2, 3,
        keywords: ["weight", "ignore_index", "reduction", "label_smoothing"])
      try refuseClassWeights(args, "cross_entropy")
      if let s = args.keyword("label_smoothing"), (try s.number(for: "cross_entropy")) != 0 {
        throw ReplError(
          "NotImplementedError", "cross_entropy(): label_smoothing is not supported here")
      }
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
      "linear", "linear(input, weight, bias=None)",
      "y = x · Wᵀ + b: input (…, in), weight (out, in), bias (out) or None → (…, out)."
    ) { (args, _) throws(ReplError) in
      try args.check("linear", positional: 2, 3, keywords: ["bias"])
      let x = try tensorArgument(args.positional[0], "linear")
      let weight = try tensorArgument(args.positional[1], "linear")
      let b = args.argument(2, "bias")
      let bias = try b.flatMap { (v) throws(ReplError) in
        v.isNone ? nil : try tensorArgument(v, "linear")
      }
      return .tensor(try engine { try GradTensor.linear(x, weight: weight, bias: bias) })
    }
    m.add(
      "nll_loss", "nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')",
      "−input[target] averaged over the rows: input (N, C) log-probabilities (log_softmax's "
        + "output) or (C), target (N) int64 class indices or a 0-d index."
    ) { (args, _) throws(ReplError) in
      try args.check(
        "nll_loss", positional: 2, 3, keywords: ["weight", "ignore_index", "reduction"])
      try refuseClassWeights(args, "nll_loss")
      let input = try tensorArgument(args.positional[0], "nll_loss")
      let target = try tensorArgument(args.positional[1], "nll_loss")
      let ignore = try args.integer("ignore_index", "nll_loss", default: -100)
      var reduction = "mean"
      if let r = args.keyword("reduction") {
        guard case .str(let text) = r, ["mean", "sum", "none"].contains(text) else {
          throw ReplError.value("nll_loss(): reduction must be 'mean', 'sum' or 'none'")
        }
        reduction = text
      }
      let how = LossReduction(rawValue: reduction) ?? .mean
      return .tensor(
        try engine {
          try GradTensor.nllLoss(input, target, ignoreIndex: ignore, reduction: how)
        })
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
      try args.check(
        "embedding", positional: 2, 3, keywords: ["padding_idx", "max_norm", "sparse"])
      for name in ["padding_idx", "max_norm"] where !(args.keyword(name)?.isNone ?? true) {
        throw ReplError("NotImplementedError", "embedding(): \(name) is not supported here")
      }
      if args.positional.count > 2, !args.positional[2].isNone {
        throw ReplError("NotImplementedError", "embedding(): padding_idx is not supported here")
      }
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
      let how = LossReduction(rawValue: reduction) ?? .mean
      return .tensor(try engine { try mseLoss(a, b, reduction: how) })
    }
    m.add(
      "dropout", "dropout(input, p=0.5, training=True)",
      "Zeroes each element with probability p and scales the rest by 1/(1−p)."
    ) { (args, _) throws(ReplError) in
      try args.check("dropout", positional: 1, 4, keywords: ["p", "training", "inplace"])
      if args.argument(3, "inplace")?.isTruthy == true {
        throw ReplError("NotImplementedError", "dropout(): inplace=True is not supported here")
      }
      let x = try tensorArgument(args.positional[0], "dropout")
      let p = try args.argument(1, "p")?.number(for: "dropout") ?? 0.5
      let training = args.argument(2, "training")?.isTruthy ?? true
      return .tensor(try engine { try dropout(x, p: p, training: training) })
    }
    return ModuleObject(
      name: "torch.nn.functional",
      doc: "Losses and activations as functions (pre-bound as F).", members: m.values)
  }
}

/// Class weights are not implemented: `weight=None` is accepted, anything else is refused.
private func refuseClassWeights(_ args: Arguments, _ function: String) throws(ReplError) {
  let w = args.argument(2, "weight")
  guard let w, !w.isNone else { return }
  throw ReplError(
    "NotImplementedError",
    "\(function)(): class weights (weight=...) are not supported here; leave weight=None")
}
