// torch.nn at the prompt. As in PyTorch, `nn.Module` and its layers are written in
// the language itself (NNSource/), over native kernels: `F.linear`, `F.embedding`,
// `F.cross_entropy`, ... The native part here is what the language cannot be:
// `nn.Parameter` (a kind of tensor), gradient clipping over raw buffers, and the
// module objects the source's classes are published in.

import Foundation
import GradLanguage
import GradTensor

enum TorchNN {
  typealias Members = TorchBuiltins.Members

  static func nnModule(functional: ModuleObject) -> ModuleObject {
    var m = Members()
    m.values["Parameter"] = .object(parameterType())
    m.values["utils"] = .object(utilsModule())
    m.values["functional"] = .object(functional)
    m.values["init"] = .object(
      ModuleObject(
        name: "torch.nn.init", doc: "In-place initialisers of weights: uniform_, normal_, ...",
        members: [:], source: NNSource.initializers))
    return ModuleObject(
      name: "torch.nn",
      doc: "Module and layers (Linear, Embedding, RNN, LSTM, GRU, ...), losses, Parameter, "
        + "init, functional, utils.",
      members: m.values,
      source: NNSource.module + NNSource.layers + NNSource.losses
        + NNSource.recurrent + NNSource.containers)
  }

  /// `nn.Parameter(data, requires_grad=True)`: the same values as a leaf a module registers.
  static func parameterType() -> TypeObject {
    TypeObject(name: "Parameter", qualifiedName: "torch.nn.parameter.Parameter") {
      (args, _) throws(ReplError) in
      try args.check("Parameter", positional: 0, 2, keywords: ["data", "requires_grad"])
      let data: Tensor
      if let given = args.argument(0, "data"), !given.isNone {
        data = try tensorArgument(given, "Parameter")
      } else {
        data = try engine { try Tensor.zeros([0]) }
      }
      let wanted = args.argument(1, "requires_grad")?.isTruthy ?? true
      // A parameter is a leaf: it shares the values of data but none of its history.
      let leaf = data.detach()
      if wanted, !leaf.dtype.isFloatingPoint {
        throw ReplError(
          "RuntimeError", "Only Tensors of floating point dtype can require gradients")
      }
      _ = try engine { try leaf.requiresGrad_(wanted) }
      return .object(TensorObject(leaf, isParameter: true))
    }
  }

  /// `nn.utils`: gradient clipping.
  private static func utilsModule() -> ModuleObject {
    var utils = Members()
    utils.add(
      "clip_grad_norm_", "clip_grad_norm_(parameters, max_norm, norm_type=2)",
      "Scales all gradients together so their joint norm is at most max_norm; returns the "
        + "norm before clipping."
    ) { (args, interpreter) throws(ReplError) in
      try args.check(
        "clip_grad_norm_", positional: 1, 3,
        keywords: ["max_norm", "norm_type", "error_if_nonfinite"])
      let ps = try parameterTensors(args.positional[0], "clip_grad_norm_", interpreter)
      guard let maxNormValue = args.argument(1, "max_norm") else {
        throw .type("clip_grad_norm_() missing 1 required positional argument: 'max_norm'")
      }
      let maxNorm = try maxNormValue.number(for: "clip_grad_norm_")
      let normType = try args.argument(2, "norm_type")?.number(for: "clip_grad_norm_") ?? 2
      let norm = try engine { try clipGradNorm(ps, maxNorm: maxNorm, normType: normType) }
      return .tensor(try engine { try Tensor.full([], value: norm) })
    }
    utils.add(
      "clip_grad_value_", "clip_grad_value_(parameters, clip_value)",
      "Limits every gradient element to [−clip_value, clip_value], in place."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("clip_grad_value_", positional: 2, 2)
      let ps = try parameterTensors(args.positional[0], "clip_grad_value_", interpreter)
      let limit = try args.positional[1].number(for: "clip_grad_value_")
      try engine {
        try noGrad {
          for p in ps {
            if let g = p.grad { try g.copy_(try g.clamp(min: -limit, max: limit)) }
          }
        }
      }
      return RValue.none
    }
    return ModuleObject(name: "torch.nn.utils", doc: "Gradient clipping.", members: utils.values)
  }

  /// The tensors of `parameters()`, a list, any iterable, or a single tensor.
  private static func parameterTensors(
    _ v: RValue, _ function: String, _ interpreter: Interpreter
  ) throws(ReplError) -> [Tensor] {
    if let t = v.tensor { return [t] }
    return try TorchBuiltins.tensorList(v, function, interpreter)
  }

  /// Scales the gradients by min(1, max_norm / (‖g‖ₚ + 10⁻⁶)), where ‖g‖ₚ is the p-norm of
  /// all gradients as one vector (p = ∞: the largest |g|); returns ‖g‖ₚ.
  private static func clipGradNorm(_ ps: [Tensor], maxNorm: Double, normType: Double) throws
    -> Double
  {
    if normType == 2 { return try GradTensor.clipGradNorm(ps, maxNorm: maxNorm) }
    guard maxNorm >= 0, !maxNorm.isNaN, normType > 0 else {
      throw TensorError(
        .invalidArgument, "clip_grad_norm_: max_norm and norm_type must be positive")
    }
    var total = 0.0
    for p in ps {
      guard let g = p.grad else { continue }
      for v in try g.contiguous().toDoubleArray() {
        total = normType.isInfinite ? max(total, abs(v)) : total + pow(abs(v), normType)
      }
    }
    if !normType.isInfinite { total = pow(total, 1 / normType) }
    let coefficient = maxNorm / (total + 1e-6)
    if coefficient < 1 {
      try noGrad { for p in ps { try p.grad?.mul_(coefficient) } }
    }
    return total
  }
}
