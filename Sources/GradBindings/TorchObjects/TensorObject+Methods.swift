// Tensor methods under PyTorch's names: arithmetic, views, in-place updates,
// elementwise functions, reductions, autograd and conversions.

import Foundation
import GradLanguage
import GradTensor

extension TensorObject {
  func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  {
    let t = tensor
    let args = arguments
    switch name {
    // MARK: Arithmetic
    case "add", "sub", "mul", "div", "matmul", "mm", "pow":
      try args.check(name, positional: 1, 1)
      let op: BinaryOperator =
        switch name {
        case "add": .add
        case "sub": .subtract
        case "mul": .multiply
        case "div": .divide
        case "pow": .power
        default: .matrixMultiply
        }
      if name == "mm" {
        let o = try tensorArgument(args.positional[0], "mm")
        return .tensor(try engine { try t.mm(o) })
      }
      guard let r = try binary(op, args.positional[0], reflected: false) else {
        throw ReplError.type(
          "\(name)(): expected a Tensor or a number, got '\(args.positional[0].typeName)'")
      }
      return r
    case "eq", "ne", "lt", "le", "gt", "ge":
      try args.check(name, positional: 1, 1)
      let op: ComparisonOperator =
        switch name {
        case "eq": .equal
        case "ne": .notEqual
        case "lt": .less
        case "le": .lessOrEqual
        case "gt": .greater
        default: .greaterOrEqual
        }
      guard let r = try compare(op, args.positional[0], reflected: false) else {
        throw ReplError.type("\(name)(): expected a Tensor or a number")
      }
      return r
    case "logical_not":
      try args.check(name, positional: 0)
      return .tensor(try engine { try t.logicalNot() })
    case "neg":
      try args.check(name, positional: 0)
      return .tensor(try engine { try t.neg() })

    // MARK: Elementwise functions
    case "exp", "log", "tanh", "sigmoid", "relu", "sqrt", "abs", "sign":
      try args.check(name, positional: 0)
      return .tensor(try unaryFunction(name, t))
    case "clamp":
      try args.check("clamp", positional: 0, 2, keywords: ["min", "max"])
      let lo = try args.argument(0, "min").flatMap { (v) throws(ReplError) in
        v.isNone ? nil : try v.number(for: "clamp")
      }
      let hi = try args.argument(1, "max").flatMap { (v) throws(ReplError) in
        v.isNone ? nil : try v.number(for: "clamp")
      }
      return .tensor(try engine { try t.clamp(min: lo, max: hi) })

    // MARK: Views
    case "view", "reshape":
      try args.check(name, positional: 0, Int.max)
      let shape = try args.shape(name)
      return .tensor(try engine { name == "view" ? try t.view(shape) : try t.reshape(shape) })
    case "transpose":
      try args.check("transpose", positional: 2, 2)
      let d0 = try args.positional[0].integer(for: "transpose")
      let d1 = try args.positional[1].integer(for: "transpose")
      return .tensor(try engine { try t.transpose(d0, d1) })
    case "t":
      try args.check("t", positional: 0)
      guard t.ndim <= 2 else {
        throw ReplError(
          "RuntimeError", "t() expects a tensor with <= 2 dimensions, but self is \(t.ndim)D")
      }
      return .tensor(t.T)
    case "permute":
      try args.check("permute", positional: 0, Int.max, keywords: ["dims"])
      let dims: [Int]
      if let v = args.keyword("dims") {
        dims = try dimensions(v, name)
      } else {
        dims = try args.shape("permute")
      }
      return .tensor(try engine { try t.permute(dims) })
    case "unsqueeze":
      try args.check("unsqueeze", positional: 0, 1, keywords: ["dim"])
      let d = try requiredDim(args, "unsqueeze")
      return .tensor(try engine { try t.unsqueeze(d) })
    case "squeeze":
      try args.check("squeeze", positional: 0, 1, keywords: ["dim"])
      let d = try optionalDim(args, "squeeze")
      return .tensor(try engine { try t.squeeze(d) })
    case "expand":
      try args.check("expand", positional: 0, Int.max)
      let shape = try args.shape("expand")
      return .tensor(try engine { try t.expand(shape) })
    case "expand_as":
      try args.check("expand_as", positional: 1, 1)
      let o = try tensorArgument(args.positional[0], "expand_as")
      return .tensor(try engine { try t.expandAs(o) })
    case "flatten":
      try args.check("flatten", positional: 0, 2, keywords: ["start_dim", "end_dim"])
      let start = try args.argument(0, "start_dim")?.integer(for: "flatten") ?? 0
      let end = try args.argument(1, "end_dim")?.integer(for: "flatten") ?? -1
      return .tensor(try engine { try t.flatten(startDim: start, endDim: end) })
    case "narrow":
      try args.check("narrow", positional: 3, 3)
      let d = try args.positional[0].integer(for: "narrow")
      let start = try args.positional[1].integer(for: "narrow")
      let length = try args.positional[2].integer(for: "narrow")
      return .tensor(try engine { try t.narrow(dim: d, start: start, length: length) })
    case "select":
      try args.check("select", positional: 2, 2)
      let d = try args.positional[0].integer(for: "select")
      let i = try args.positional[1].integer(for: "select")
      return .tensor(try engine { try t.select(dim: d, index: i) })
    case "detach":
      try args.check("detach", positional: 0)
      return .tensor(t.detach())
    case "clone":
      try args.check("clone", positional: 0)
      return .tensor(try engine { try t.clone() })
    case "contiguous":
      try args.check("contiguous", positional: 0)
      return .tensor(try engine { try t.contiguous() })
    case "split":
      try args.check("split", positional: 1, 2, keywords: ["dim", "split_size_or_sections"])
      let d = try args.argument(1, "dim")?.integer(for: "split") ?? 0
      guard let sizes = args.argument(0, "split_size_or_sections") else {
        throw ReplError.type("split() missing required argument 'split_size_or_sections'")
      }
      return try splitValue(t, sizes, dim: d)
    case "chunk":
      try args.check("chunk", positional: 1, 2, keywords: ["dim", "chunks"])
      let n = try args.argument(0, "chunks")?.integer(for: "chunk") ?? 1
      let d = try args.argument(1, "dim")?.integer(for: "chunk") ?? 0
      return .tuple(TupleItems(try engine { try t.chunk(n, dim: d) }.map(RValue.tensor)))
    case "index_select":
      try args.check("index_select", positional: 2, 2)
      let d = try args.positional[0].integer(for: "index_select")
      let index = try tensorArgument(args.positional[1], "index_select")
      return .tensor(try engine { try t.indexSelect(dim: d, index: index) })
    case "gather":
      try args.check("gather", positional: 2, 2)
      let d = try args.positional[0].integer(for: "gather")
      let index = try tensorArgument(args.positional[1], "gather")
      return .tensor(try engine { try t.gather(dim: d, index: index) })

    // MARK: In place
    case "add_", "sub_", "mul_", "div_":
      try args.check(name, positional: 1, 1, keywords: ["alpha"])
      var o = try operand(args.positional[0], partner: t, name)
      if let alpha = args.keyword("alpha") {
        let a = try alpha.number(for: name)
        o = try engine { try o * a }
      }
      let source = o
      try engine {
        switch name {
        case "add_": try t.add_(source)
        case "sub_": try t.sub_(source)
        case "mul_": try t.mul_(source)
        default: try t.div_(source)
        }
      }
      return .object(self)
    case "zero_":
      try args.check("zero_", positional: 0)
      try engine { try t.zero_() }
      return .object(self)
    case "fill_":
      try args.check("fill_", positional: 1, 1)
      let x: Double
      if let s = args.positional[0].tensor {
        x = try engine { try s.item() }
      } else {
        x = try args.positional[0].number(for: "fill_")
      }
      try engine { try t.fill_(x) }
      return .object(self)
    case "copy_":
      try args.check("copy_", positional: 1, 1)
      let source = try tensorArgument(args.positional[0], "copy_")
      try engine { try t.copy_(source) }
      return .object(self)
    case "requires_grad_":
      try args.check("requires_grad_", positional: 0, 1, keywords: ["requires_grad"])
      let flag = args.argument(0, "requires_grad")?.isTruthy ?? true
      _ = try engine { try t.requiresGrad_(flag) }
      return .object(self)

    // MARK: Reductions
    case "sum", "mean", "norm":
      try args.check(name, positional: 0, 2, keywords: ["dim", "keepdim", "p"])
      if let p = args.keyword("p"), p.asDouble != 2 {
        throw ReplError.value("norm(): only the 2-norm (p=2) is available")
      }
      let dims = try args.argument(name == "norm" ? 1 : 0, "dim").flatMap {
        (v) throws(ReplError) in v.isNone ? nil : try dimensions(v, name)
      }
      let keep = args.flag("keepdim", default: false)
      return .tensor(
        try engine {
          switch name {
          case "sum": try t.sum(dims: dims, keepdim: keep)
          case "mean": try t.mean(dims: dims, keepdim: keep)
          default: try t.norm(dims: dims, keepdim: keep)
          }
        })
    case "max", "min":
      try args.check(name, positional: 0, 2, keywords: ["dim", "keepdim"])
      let largest = name == "max"
      if let d = try optionalDim(args, name) {
        let keep = args.flag("keepdim", default: false)
        let (values, indices) = try engine {
          largest ? try t.max(dim: d, keepdim: keep) : try t.min(dim: d, keepdim: keep)
        }
        return .tuple([.tensor(values), .tensor(indices)])
      }
      return .tensor(try engine { largest ? try t.max() : try t.min() })
    case "argmax", "argmin":
      try args.check(name, positional: 0, 2, keywords: ["dim", "keepdim"])
      let d = try optionalDim(args, name)
      let keep = args.flag("keepdim", default: false)
      return .tensor(
        try engine {
          name == "argmax"
            ? try t.argmax(dim: d, keepdim: keep) : try t.argmin(dim: d, keepdim: keep)
        })
    case "softmax", "log_softmax":
      try args.check(name, positional: 0, 1, keywords: ["dim"])
      let d = try requiredDim(args, name)
      return .tensor(
        try engine { name == "softmax" ? try t.softmax(dim: d) : try t.logSoftmax(dim: d) })

    // MARK: Autograd
    case "backward":
      try args.check("backward", positional: 0, 2, keywords: ["gradient", "retain_graph"])
      let gradient = try args.argument(0, "gradient").flatMap { (v) throws(ReplError) in
        v.isNone ? nil : try operand(v, partner: t, "backward")
      }
      let retain = args.argument(1, "retain_graph")?.isTruthy ?? false
      try engine { try t.backward(gradient: gradient, retainGraph: retain) }
      return RValue.none
    case "retain_grad":
      try args.check("retain_grad", positional: 0)
      try engine { try t.retainGrad() }
      return RValue.none
    case "register_hook":
      try args.check("register_hook", positional: 1, 1)
      let hook = args.positional[0]
      switch hook {
      case .function, .builtin, .boundMethod, .object: break
      default:
        throw ReplError.type("register_hook() needs a function, not '\(hook.typeName)'")
      }
      try engine {
        try t.registerHook { [weak interpreter] (g: Tensor) throws -> Tensor? in
          guard let interpreter else { return nil }
          let result = try interpreter.call(hook, Arguments([.tensor(g)]))
          if result.isNone { return nil }
          guard let replaced = result.tensor else {
            throw ReplError.type(
              "a gradient hook must return a Tensor or None, not '\(result.typeName)'")
          }
          return replaced
        }
      }
      return RValue.none

    // MARK: Conversions and facts
    case "item":
      try args.check("item", positional: 0)
      return try scalarValue(t)
    case "tolist":
      try args.check("tolist", positional: 0)
      try checkListSize(t.count, "tolist()")
      return listValue(t.toLiteral())
    case "numel":
      try args.check("numel", positional: 0)
      return .int(t.count)
    case "dim":
      try args.check("dim", positional: 0)
      return .int(t.ndim)
    case "size":
      try args.check("size", positional: 0, 1, keywords: ["dim"])
      guard let d = try optionalDim(args, "size") else { return .object(SizeObject(t.shape)) }
      return .int(t.shape[try checkedDim(d, t, "size")])
    case "stride":
      try args.check("stride", positional: 0, 1, keywords: ["dim"])
      guard let d = try optionalDim(args, "stride") else {
        return .tuple(TupleItems(t.strides.map(RValue.int)))
      }
      return .int(t.strides[try checkedDim(d, t, "stride")])
    case "storage_offset":
      try args.check("storage_offset", positional: 0)
      return .int(t.storageOffset)
    case "data_ptr":
      try args.check("data_ptr", positional: 0)
      return .int(t.dataPointerIdentity)
    case "is_contiguous":
      try args.check("is_contiguous", positional: 0)
      return .bool(t.isContiguous)
    case "float", "double", "long":
      try args.check(name, positional: 0)
      return .tensor(
        try engine {
          switch name {
          case "float": try t.float()
          case "double": try t.double()
          default: try t.long()
          }
        })
    case "to":
      try args.check("to", positional: 0, 1, keywords: ["dtype"])
      guard let v = args.argument(0, "dtype") else { return .object(self) }
      if case .str(let device) = v, !device.hasPrefix("torch."),
        dtypeNames.contains(device) == false
      {
        guard device == "cpu" else {
          throw ReplError("RuntimeError", "only the CPU is available here, not '\(device)'")
        }
        return .object(self)
      }
      let dtype = try dtypeArgument(v, "to")
      return .tensor(try engine { try t.to(dtype) })
    default:
      return nil
    }
  }

  /// `dim` as the first positional argument or keyword; an error when missing.
  private func requiredDim(_ args: Arguments, _ name: String) throws(ReplError) -> Int {
    guard let d = try optionalDim(args, name) else {
      throw ReplError.type("\(name)() missing required argument 'dim'")
    }
    return d
  }

  private func optionalDim(_ args: Arguments, _ name: String) throws(ReplError) -> Int? {
    guard let v = args.argument(0, "dim"), !v.isNone else { return nil }
    return try v.integer(for: name)
  }

  /// A dimension checked against this tensor's rank, negatives counting from the end.
  private func checkedDim(_ d: Int, _ t: Tensor, _ name: String) throws(ReplError) -> Int {
    let k = d < 0 ? d &+ t.ndim : d
    guard k >= 0, k < t.ndim else {
      throw ReplError.index(
        "Dimension out of range (expected to be in range of [\(-max(t.ndim, 1)), "
          + "\(max(t.ndim, 1) - 1)], but got \(d))")
    }
    return k
  }
}

/// Dtype names `to()` accepts as strings.
private let dtypeNames: Set<String> = [
  "float32", "float", "float64", "double", "int64", "long", "bool",
]

/// `split(size)` or `split([sizes])` along `dim`, as a tuple of views.
func splitValue(_ t: Tensor, _ sizes: RValue, dim: Int) throws(ReplError) -> RValue {
  let parts: [Tensor]
  switch sizes {
  case .list, .tuple:
    let s = try dimensions(sizes, "split")
    parts = try engine { try t.split(sizes: s, dim: dim) }
  default:
    let n = try sizes.integer(for: "split")
    parts = try engine { try t.split(n, dim: dim) }
  }
  return .tuple(TupleItems(parts.map(RValue.tensor)))
}

/// The elementwise function `name` applied to `t`.
func unaryFunction(_ name: String, _ t: Tensor) throws(ReplError) -> Tensor {
  try engine {
    switch name {
    case "exp": try t.exp()
    case "log": try t.log()
    case "tanh": try t.tanh()
    case "sigmoid": try t.sigmoid()
    case "relu": try t.relu()
    case "sqrt": try t.sqrt()
    case "abs": try t.abs()
    case "neg": try t.neg()
    default: try t.sign()
    }
  }
}
