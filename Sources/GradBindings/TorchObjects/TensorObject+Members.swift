// A tensor's members under PyTorch's names, in one table: attributes, arithmetic,
// elementwise functions (from `UnaryElementwiseOp`), views, in-place updates,
// reductions, autograd and conversions. Dispatch, `dir()`, completion, did-you-mean
// and the lists in `help(x)` all come from it.

import Foundation
import GradLanguage
import GradTensor

extension TensorObject {
  /// Row of the tensor's member table.
  typealias Row = Member<TensorObject>

  /// Every attribute and method of a tensor, under PyTorch's names.
  static let members = MemberTable<TensorObject>(
    attributeRows + arithmeticRows + UnaryElementwiseOp.all.map(\.tensorMethod) + [clampRow]
      + roundingRows
      + viewRows + maskRows + inPlaceRows + reductionRows + statisticsRows + autogradRows
      + conversionRows)

  // MARK: Attributes

  private static let attributeRows: [Row] = [
    .attribute("shape", "the size of each dimension, a torch.Size") {
      .object(SizeObject($0.tensor.shape))
    },
    .attribute("dtype", "the element type: torch.float32, torch.float64, torch.int64, torch.bool") {
      .object(DTypeObject($0.tensor.dtype))
    },
    .property(
      "grad", "∂L/∂self after L.backward(), accumulated (settable: a tensor or None)",
      get: { $0.tensor.grad.map(RValue.tensor) ?? RValue.none },
      set: { (o, value) throws(ReplError) in
        let t = o.tensor
        if value.isNone {
          t.grad = nil
          return
        }
        let g = try tensorArgument(value, "grad")
        guard g.shape == t.shape else {
          throw ReplError(
            "RuntimeError",
            "assigned grad has shape \(shapeText(g.shape)), but the tensor has shape "
              + "\(shapeText(t.shape))")
        }
        t.grad = try engine { try g.detach().to(t.dtype) }
      }),
    .property(
      "requires_grad", "whether autograd records operations on it (settable)",
      get: { .bool($0.tensor.requiresGrad) },
      set: { (o, value) throws(ReplError) in
        guard case .bool(let flag) = value else {
          throw ReplError.type("requires_grad must be True or False, not '\(value.typeName)'")
        }
        _ = try engine { try o.tensor.requiresGrad_(flag) }
      }),
    .property(
      "data", "the same values outside autograd (assigning copies new values in)",
      get: { .tensor($0.tensor.detach()) },
      set: { (o, value) throws(ReplError) in
        // Writes the new values into this tensor's storage, outside autograd (PyTorch swaps
        // the storage; the values seen afterwards are the same). A tensor of another dtype
        // or shape becomes this object's tensor instead, as `p.data = p.data.double()`
        // makes p a float64 parameter while p stays the same object.
        let t = o.tensor
        if let replacement = value.tensor,
          replacement.dtype != t.dtype || replacement.shape != t.shape
        {
          let wanted = t.requiresGrad
          let fresh = try engine { try replacement.detach().contiguous().clone() }
          _ = try engine { try fresh.requiresGrad_(wanted) }
          o.tensor = fresh
          return
        }
        let source = try operand(value, partner: t, "data")
        try engine { try noGrad { try t.detach().copy_(source) } }
      }),
    .attribute("is_leaf", "made directly, not computed from tensors that require grad") {
      .bool($0.tensor.isLeaf)
    },
    .attribute("grad_fn", "the operation that made it (None for a leaf)") {
      $0.tensor.gradFnName.map { .object(GradFnObject($0)) } ?? RValue.none
    },
    .attribute("T", "the transpose (dimensions reversed)") { .tensor($0.tensor.T) },
    .attribute("mT", "the last two dimensions swapped") { .tensor($0.tensor.mT) },
    .attribute("ndim", "the number of dimensions") { .int($0.tensor.ndim) },
    .attribute("device", "where it lives: always cpu in this build") { _ in
      .object(DeviceObject("cpu"))
    },
    .attribute("is_cuda", "whether it lives on a GPU: always False in this build") { _ in
      .bool(false)
    },
  ]

  // MARK: Arithmetic

  private static let arithmeticRows: [Row] =
    [
      ("add", BinaryOperator.add, "self + other"), ("sub", .subtract, "self − other"),
      ("mul", .multiply, "self * other, elementwise"), ("div", .divide, "self / other"),
      ("pow", .power, "self ** exponent"),
      ("matmul", .matrixMultiply, "matrix product self @ other"),
    ].map { (name, op, doc) in
      Row.method(name, "\(name)(other)", doc + " (broadcasting)") {
        (o, args, _) throws(ReplError) in
        try args.check(name, positional: 1, 1)
        guard let r = try o.binary(op, args.positional[0], reflected: false) else {
          throw ReplError.type(
            "\(name)(): expected a Tensor or a number, got '\(args.positional[0].typeName)'")
        }
        return r
      }
    } + [
      .method("mm", "mm(other)", "matrix product of two 2-D tensors") {
        (o, args, _) throws(ReplError) in
        try args.check("mm", positional: 1, 1)
        let t = o.tensor
        let other = try tensorArgument(args.positional[0], "mm")
        return .tensor(try engine { try t.mm(other) })
      },
      .method("bmm", "bmm(batch2)", "matrix products batch by batch: (B, n, k) @ (B, k, m)") {
        (o, args, _) throws(ReplError) in
        try args.check("bmm", positional: 1, 1)
        let t = o.tensor
        let other = try tensorArgument(args.positional[0], "bmm")
        return .tensor(try engine { try t.bmm(other) })
      },
      .method(
        "diag", "diag(diagonal=0)",
        "a vector as a diagonal matrix, or a matrix's diagonal as a vector (above: diagonal > 0)"
      ) { (o, args, _) throws(ReplError) in
        try args.check("diag", positional: 0, 1, keywords: ["diagonal"])
        let k = try args.argument(0, "diagonal")?.integer(for: "diag") ?? 0
        let t = o.tensor
        return .tensor(try engine { try t.diag(k) })
      },
    ]
    + [
      ("eq", ComparisonOperator.equal, "=="), ("ne", .notEqual, "!="), ("lt", .less, "<"),
      ("le", .lessOrEqual, "<="), ("gt", .greater, ">"), ("ge", .greaterOrEqual, ">="),
    ].map { (name, op, symbol) in
      Row.method(name, "\(name)(other)", "elementwise self \(symbol) other, a bool tensor") {
        (o, args, _) throws(ReplError) in
        try args.check(name, positional: 1, 1)
        guard let r = try o.compare(op, args.positional[0], reflected: false) else {
          throw ReplError.type("\(name)(): expected a Tensor or a number")
        }
        return r
      }
    } + [
      .method("logical_not", "logical_not()", "True where self is zero or False") {
        (o, args, _) throws(ReplError) in
        try args.check("logical_not", positional: 0)
        let t = o.tensor
        return .tensor(try engine { try t.logicalNot() })
      }
    ]

  /// `floor`, `round(decimals=0)` and `remainder`: flat almost everywhere (zero gradient).
  fileprivate static let roundingRows: [Row] = [
    .method(
      "allclose", "allclose(other, rtol=1e-05, atol=1e-08, equal_nan=False)",
      "True when every element is within atol + rtol·|other| of other"
    ) { (o, args, _) throws(ReplError) in
      try args.check(
        "allclose", positional: 1, 4, keywords: ["other", "rtol", "atol", "equal_nan"])
      guard let v = args.argument(0, "other") else {
        throw ReplError.type("allclose() missing required argument 'other'")
      }
      let other = try tensorArgument(v, "allclose")
      let rtol = try args.argument(1, "rtol")?.number(for: "allclose") ?? 1e-05
      let atol = try args.argument(2, "atol")?.number(for: "allclose") ?? 1e-08
      var equalNaN = false
      if let e = args.argument(3, "equal_nan") {
        guard case .bool(let flag) = e else {
          throw ReplError.type("allclose(): equal_nan must be a bool")
        }
        equalNaN = flag
      }
      let t = o.tensor
      return .bool(
        try engine { try t.allClose(other, rtol: rtol, atol: atol, equalNaN: equalNaN) })
    },
    .method("equal", "equal(other)", "True when other has the same shape and elements") {
      (o, args, _) throws(ReplError) in
      try args.check("equal", positional: 1)
      let other = try tensorArgument(args.positional[0], "equal")
      let t = o.tensor
      return .bool(try engine { try t.equals(other) })
    },
    .method("floor", "floor()", "the largest integer ≤ each element (gradient 0)") {
      (o, args, _) throws(ReplError) in
      try args.check("floor", positional: 0)
      let t = o.tensor
      return .tensor(try engine { try t.floor() })
    },
    .method("ceil", "ceil()", "the smallest integer ≥ each element (gradient 0)") {
      (o, args, _) throws(ReplError) in
      try args.check("ceil", positional: 0)
      let t = o.tensor
      return .tensor(try engine { try t.ceil() })
    },
    .method(
      "round", "round(decimals=0)", "each element rounded to decimals places, halves to even"
    ) { (o, args, _) throws(ReplError) in
      try args.check("round", positional: 0, 1, keywords: ["decimals"])
      let d = try args.argument(0, "decimals")?.integer(for: "round") ?? 0
      guard (-30...30).contains(d) else {
        throw ReplError.value("round(): decimals must lie between -30 and 30")
      }
      let t = o.tensor
      return .tensor(try engine { try t.round(decimals: d) })
    },
    .method(
      "remainder", "remainder(other)", "self % other, with the sign of the divisor"
    ) { (o, args, _) throws(ReplError) in
      try args.check("remainder", positional: 1, 1)
      guard let r = try o.binary(.modulo, args.positional[0], reflected: false) else {
        throw ReplError.type("remainder(): expected a Tensor or a number")
      }
      return r
    },
  ]

  private static let clampRow = Row.method(
    "clamp", "clamp(min=None, max=None)", "each element limited to [min, max]"
  ) { (o, args, _) throws(ReplError) in
    try args.check("clamp", positional: 0, 2, keywords: ["min", "max"])
    let lo = try args.argument(0, "min").flatMap { (v) throws(ReplError) in
      v.isNone ? nil : try v.number(for: "clamp")
    }
    let hi = try args.argument(1, "max").flatMap { (v) throws(ReplError) in
      v.isNone ? nil : try v.number(for: "clamp")
    }
    let t = o.tensor
    return .tensor(try engine { try t.clamp(min: lo, max: hi) })
  }

  // MARK: Views

  private static let viewRows: [Row] = [
    .method("view", "view(*shape)", "the same storage seen with another shape") {
      (o, args, _) throws(ReplError) in
      try args.check("view", positional: 0, Int.max)
      let shape = try args.shape("view")
      let t = o.tensor
      return .tensor(try engine { try t.view(shape) })
    },
    .method("reshape", "reshape(*shape)", "another shape, a view when the layout allows") {
      (o, args, _) throws(ReplError) in
      try args.check("reshape", positional: 0, Int.max)
      let shape = try args.shape("reshape")
      let t = o.tensor
      return .tensor(try engine { try t.reshape(shape) })
    },
    .method("transpose", "transpose(dim0, dim1)", "two dimensions swapped (a view)") {
      (o, args, _) throws(ReplError) in
      try args.check("transpose", positional: 2, 2)
      let d0 = try args.positional[0].integer(for: "transpose")
      let d1 = try args.positional[1].integer(for: "transpose")
      let t = o.tensor
      return .tensor(try engine { try t.transpose(d0, d1) })
    },
    .method("t", "t()", "the transpose of a tensor with at most 2 dimensions") {
      (o, args, _) throws(ReplError) in
      try args.check("t", positional: 0)
      let t = o.tensor
      guard t.ndim <= 2 else {
        throw ReplError(
          "RuntimeError", "t() expects a tensor with <= 2 dimensions, but self is \(t.ndim)D")
      }
      return .tensor(t.T)
    },
    .method("permute", "permute(*dims)", "the dimensions in a new order (a view)") {
      (o, args, _) throws(ReplError) in
      try args.check("permute", positional: 0, Int.max, keywords: ["dims"])
      let dims: [Int]
      if let v = args.keyword("dims") {
        dims = try dimensions(v, "permute")
      } else {
        dims = try args.shape("permute")
      }
      let t = o.tensor
      return .tensor(try engine { try t.permute(dims) })
    },
    .method("unsqueeze", "unsqueeze(dim)", "a new dimension of size 1 at dim") {
      (o, args, _) throws(ReplError) in
      try args.check("unsqueeze", positional: 0, 1, keywords: ["dim"])
      let d = try requiredDim(args, "unsqueeze")
      let t = o.tensor
      return .tensor(try engine { try t.unsqueeze(d) })
    },
    .method("squeeze", "squeeze(dim=None)", "dimensions of size 1 removed") {
      (o, args, _) throws(ReplError) in
      try args.check("squeeze", positional: 0, 1, keywords: ["dim"])
      let d = try optionalDim(args, "squeeze")
      let t = o.tensor
      return .tensor(try engine { try t.squeeze(d) })
    },
    .method("expand", "expand(*shape)", "dimensions of size 1 repeated without copying") {
      (o, args, _) throws(ReplError) in
      try args.check("expand", positional: 0, Int.max)
      let shape = try args.shape("expand")
      let t = o.tensor
      return .tensor(try engine { try t.expand(shape) })
    },
    .method("expand_as", "expand_as(other)", "expanded to other's shape") {
      (o, args, _) throws(ReplError) in
      try args.check("expand_as", positional: 1, 1)
      let other = try tensorArgument(args.positional[0], "expand_as")
      let t = o.tensor
      return .tensor(try engine { try t.expandAs(other) })
    },
    .method(
      "flatten", "flatten(start_dim=0, end_dim=-1)", "the dimensions start_dim…end_dim as one"
    ) { (o, args, _) throws(ReplError) in
      try args.check("flatten", positional: 0, 2, keywords: ["start_dim", "end_dim"])
      let start = try args.argument(0, "start_dim")?.integer(for: "flatten") ?? 0
      let end = try args.argument(1, "end_dim")?.integer(for: "flatten") ?? -1
      let t = o.tensor
      return .tensor(try engine { try t.flatten(startDim: start, endDim: end) })
    },
    .method("narrow", "narrow(dim, start, length)", "length positions of dim from start (a view)") {
      (o, args, _) throws(ReplError) in
      try args.check("narrow", positional: 3, 3)
      let d = try args.positional[0].integer(for: "narrow")
      let start = try args.positional[1].integer(for: "narrow")
      let length = try args.positional[2].integer(for: "narrow")
      let t = o.tensor
      return .tensor(try engine { try t.narrow(dim: d, start: start, length: length) })
    },
    .method("select", "select(dim, index)", "one position of dim, that dimension dropped") {
      (o, args, _) throws(ReplError) in
      try args.check("select", positional: 2, 2)
      let d = try args.positional[0].integer(for: "select")
      let i = try args.positional[1].integer(for: "select")
      let t = o.tensor
      return .tensor(try engine { try t.select(dim: d, index: i) })
    },
    .method("detach", "detach()", "the same values, cut off from the graph") {
      (o, args, _) throws(ReplError) in
      try args.check("detach", positional: 0)
      return .tensor(o.tensor.detach())
    },
    .method("clone", "clone()", "a copy with its own storage, still in the graph") {
      (o, args, _) throws(ReplError) in
      try args.check("clone", positional: 0)
      let t = o.tensor
      return .tensor(try engine { try t.clone() })
    },
    .method("contiguous", "contiguous()", "itself if laid out row by row, else a copy that is") {
      (o, args, _) throws(ReplError) in
      try args.check("contiguous", positional: 0)
      let t = o.tensor
      return .tensor(try engine { try t.contiguous() })
    },
    .method(
      "split", "split(split_size_or_sections, dim=0)", "pieces along dim, as a tuple of views"
    ) { (o, args, _) throws(ReplError) in
      try args.check("split", positional: 1, 2, keywords: ["dim", "split_size_or_sections"])
      let d = try args.argument(1, "dim")?.integer(for: "split") ?? 0
      guard let sizes = args.argument(0, "split_size_or_sections") else {
        throw ReplError.type("split() missing required argument 'split_size_or_sections'")
      }
      return try splitValue(o.tensor, sizes, dim: d)
    },
    .method("chunk", "chunk(chunks, dim=0)", "that many near-equal pieces along dim") {
      (o, args, _) throws(ReplError) in
      try args.check("chunk", positional: 1, 2, keywords: ["dim", "chunks"])
      let n = try args.argument(0, "chunks")?.integer(for: "chunk") ?? 1
      let d = try args.argument(1, "dim")?.integer(for: "chunk") ?? 0
      let t = o.tensor
      return .tuple(TupleItems(try engine { try t.chunk(n, dim: d) }.map(RValue.tensor)))
    },
    .method("index_select", "index_select(dim, index)", "the positions of dim that index lists") {
      (o, args, _) throws(ReplError) in
      try args.check("index_select", positional: 2, 2)
      let d = try args.positional[0].integer(for: "index_select")
      let index = try tensorArgument(args.positional[1], "index_select")
      let t = o.tensor
      return .tensor(try engine { try t.indexSelect(dim: d, index: index) })
    },
    .method("gather", "gather(dim, index)", "along dim, the element index names at each place") {
      (o, args, _) throws(ReplError) in
      try args.check("gather", positional: 2, 2)
      let d = try args.positional[0].integer(for: "gather")
      let index = try tensorArgument(args.positional[1], "gather")
      let t = o.tensor
      return .tensor(try engine { try t.gather(dim: d, index: index) })
    },
  ]

  // MARK: In place

  private static let inPlaceRows: [Row] =
    [
      ("add_", "+=", { @Sendable (t: Tensor, s: Tensor) throws in try t.add_(s) }),
      ("sub_", "−=", { @Sendable (t: Tensor, s: Tensor) throws in try t.sub_(s) }),
      ("mul_", "*=", { @Sendable (t: Tensor, s: Tensor) throws in try t.mul_(s) }),
      ("div_", "/=", { @Sendable (t: Tensor, s: Tensor) throws in try t.div_(s) }),
    ].map {
      (name: String, symbol: String, update: @escaping @Sendable (Tensor, Tensor) throws -> Void) in
      // Only add_ and sub_ scale their operand (PyTorch's `alpha`); mul_ and div_ do not.
      let takesAlpha = name == "add_" || name == "sub_"
      return Row.method(
        name, takesAlpha ? "\(name)(other, alpha=1)" : "\(name)(other)",
        takesAlpha ? "self \(symbol) alpha · other, in place" : "self \(symbol) other, in place"
      ) { (o, args, _) throws(ReplError) in
        try args.check(name, positional: 1, 1, keywords: takesAlpha ? ["alpha"] : [])
        let t = o.tensor
        let other = try operand(args.positional[0], partner: t, name)
        if let alpha = args.keyword("alpha") {
          // One pass: self ± alpha · other.
          let a = try alpha.number(for: name)
          try engine { try t.add_(other, alpha: name == "add_" ? a : -a) }
          return .object(o)
        }
        try engine { try update(t, other) }
        return .object(o)
      }
    } + [
      .method("zero_", "zero_()", "every element set to 0, in place") {
        (o, args, _) throws(ReplError) in
        try args.check("zero_", positional: 0)
        let t = o.tensor
        try engine { try t.zero_() }
        return .object(o)
      },
      .method("fill_", "fill_(value)", "every element set to value, in place") {
        (o, args, _) throws(ReplError) in
        try args.check("fill_", positional: 1, 1)
        let t = o.tensor
        let x: Double
        if let s = args.positional[0].tensor {
          x = try engine { try s.item() }
        } else {
          x = try args.positional[0].number(for: "fill_")
        }
        try engine { try t.fill_(x) }
        return .object(o)
      },
      .method(
        "uniform_", "uniform_(a=0, b=1)", "every element drawn uniformly from [a, b), in place"
      ) { (o, args, _) throws(ReplError) in
        try args.check("uniform_", positional: 0, 2, keywords: ["a", "b", "generator"])
        let a = try args.argument(0, "a")?.number(for: "uniform_") ?? 0
        let b = try args.argument(1, "b")?.number(for: "uniform_") ?? 1
        let t = o.tensor
        try engine {
          // U(a, b) = a + (b − a) · U(0, 1)
          let u = try Tensor.rand(t.shape, dtype: t.dtype)
          try noGrad { try t.copy_(try u * (b - a) + a) }
        }
        return .object(o)
      },
      .method(
        "normal_", "normal_(mean=0, std=1)", "every element drawn from N(mean, std²), in place"
      ) { (o, args, _) throws(ReplError) in
        try args.check("normal_", positional: 0, 2, keywords: ["mean", "std", "generator"])
        let mean = try args.argument(0, "mean")?.number(for: "normal_") ?? 0
        let std = try args.argument(1, "std")?.number(for: "normal_") ?? 1
        let t = o.tensor
        try engine {
          // N(μ, σ²) = μ + σ · N(0, 1)
          let z = try Tensor.randn(t.shape, dtype: t.dtype)
          try noGrad { try t.copy_(try z * std + mean) }
        }
        return .object(o)
      },
      .method("copy_", "copy_(src)", "src's values copied in, in place") {
        (o, args, _) throws(ReplError) in
        try args.check("copy_", positional: 1, 1)
        let source = try tensorArgument(args.positional[0], "copy_")
        let t = o.tensor
        try engine { try t.copy_(source) }
        return .object(o)
      },
      .method(
        "requires_grad_", "requires_grad_(requires_grad=True)",
        "turns recording for autograd on (or off), in place"
      ) { (o, args, _) throws(ReplError) in
        try args.check("requires_grad_", positional: 0, 1, keywords: ["requires_grad"])
        let flag = args.argument(0, "requires_grad")?.isTruthy ?? true
        let t = o.tensor
        _ = try engine { try t.requiresGrad_(flag) }
        return .object(o)
      },
    ]

  // MARK: Reductions

  private static let reductionRows: [Row] =
    [
      ("sum", 0, "the sum of the elements (over dim, if given)"),
      ("mean", 0, "the mean of the elements (over dim, if given)"),
      ("norm", 1, "the 2-norm √Σx² (over dim, if given)"),
    ].map { (name, dimPosition, doc) in
      let signature =
        name == "norm" ? "norm(p=2, dim=None, keepdim=False)" : "\(name)(dim=None, keepdim=False)"
      return Row.method(name, signature, doc) { (o, args, _) throws(ReplError) in
        try args.check(name, positional: 0, 2, keywords: ["dim", "keepdim", "p"])
        if let p = args.keyword("p"), p.asDouble != 2 {
          throw ReplError.value("norm(): only the 2-norm (p=2) is available")
        }
        let dims = try args.argument(dimPosition, "dim").flatMap {
          (v) throws(ReplError) in v.isNone ? nil : try dimensions(v, name)
        }
        let keep = args.flag("keepdim", default: false)
        let t = o.tensor
        return .tensor(
          try engine {
            switch name {
            case "sum": try t.sum(dims: dims, keepdim: keep)
            case "mean": try t.mean(dims: dims, keepdim: keep)
            default: try t.norm(dims: dims, keepdim: keep)
            }
          })
      }
    }
    + ["max", "min"].map { name in
      Row.method(
        name, "\(name)(dim=None, keepdim=False)",
        "the \(name == "max" ? "largest" : "smallest") element; with dim, (values, indices)"
      ) { (o, args, _) throws(ReplError) in
        try args.check(name, positional: 0, 2, keywords: ["dim", "keepdim", "other"])
        let largest = name == "max"
        let t = o.tensor
        if let other = args.argument(0, "other"), other.tensor != nil {
          try args.check(name, positional: 1, 1)
          return .tensor(try elementwiseExtreme(t, try operand(other, partner: t, name), largest))
        }
        if let d = try optionalDim(args, name) {
          let keep = args.flag("keepdim", default: false)
          let (values, indices) = try engine {
            largest ? try t.max(dim: d, keepdim: keep) : try t.min(dim: d, keepdim: keep)
          }
          return .object(ReturnTypesObject(name, values: values, indices: indices))
        }
        return .tensor(try engine { largest ? try t.max() : try t.min() })
      }
    }
    + ["maximum", "minimum"].map { name in
      Row.method(
        name, "\(name)(other)",
        "elementwise \(name == "maximum" ? "larger" : "smaller") of self and other (ties share "
          + "the gradient)"
      ) { (o, args, _) throws(ReplError) in
        try args.check(name, positional: 1, 1)
        let t = o.tensor
        let other = try operand(args.positional[0], partner: t, name)
        return .tensor(try elementwiseExtreme(t, other, name == "maximum"))
      }
    }
    + orderingRows
    + ["argmax", "argmin"].map { name in
      Row.method(
        name, "\(name)(dim=None, keepdim=False)",
        "the index of the \(name == "argmax" ? "largest" : "smallest") element (along dim)"
      ) { (o, args, _) throws(ReplError) in
        try args.check(name, positional: 0, 2, keywords: ["dim", "keepdim"])
        let d = try optionalDim(args, name)
        let keep = args.flag("keepdim", default: false)
        let t = o.tensor
        return .tensor(
          try engine {
            name == "argmax"
              ? try t.argmax(dim: d, keepdim: keep) : try t.argmin(dim: d, keepdim: keep)
          })
      }
    }
    + ["softmax", "log_softmax"].map { name in
      Row.method(name, "\(name)(dim)", "\(name) along dim, stable (the maximum is subtracted)") {
        (o, args, _) throws(ReplError) in
        try args.check(name, positional: 0, 1, keywords: ["dim"])
        let d = try requiredDim(args, name)
        let t = o.tensor
        return .tensor(
          try engine { name == "softmax" ? try t.softmax(dim: d) : try t.logSoftmax(dim: d) })
      }
    }

  // MARK: Autograd

  private static let autogradRows: [Row] = [
    .method(
      "backward", "backward(gradient=None, retain_graph=False)",
      "backpropagate: add ∂self/∂x to x.grad of every leaf that requires grad"
    ) { (o, args, _) throws(ReplError) in
      try args.check("backward", positional: 0, 2, keywords: ["gradient", "retain_graph"])
      let t = o.tensor
      let gradient = try args.argument(0, "gradient").flatMap { (v) throws(ReplError) in
        v.isNone ? nil : try operand(v, partner: t, "backward")
      }
      let retain = args.argument(1, "retain_graph")?.isTruthy ?? false
      try engine { try t.backward(gradient: gradient, retainGraph: retain) }
      return RValue.none
    },
    .method("retain_grad", "retain_grad()", "keep .grad of this intermediate result") {
      (o, args, _) throws(ReplError) in
      try args.check("retain_grad", positional: 0)
      let t = o.tensor
      try engine { try t.retainGrad() }
      return RValue.none
    },
    .method(
      "register_hook", "register_hook(hook)",
      "hook(grad) runs when the gradient arrives; a tensor it returns replaces it"
    ) { (o, args, interpreter) throws(ReplError) in
      try args.check("register_hook", positional: 1, 1)
      let hook = args.positional[0]
      switch hook {
      case .function, .builtin, .boundMethod, .object: break
      default:
        throw ReplError.type("register_hook() needs a function, not '\(hook.typeName)'")
      }
      let t = o.tensor
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
    },
  ]

  // MARK: Conversions and facts

  private static let conversionRows: [Row] =
    [
      numpyRow,
      .method("item", "item()", "the one element as a Python number") {
        (o, args, _) throws(ReplError) in
        try args.check("item", positional: 0)
        return try scalarValue(o.tensor)
      },
      .method("tolist", "tolist()", "the elements as nested lists") {
        (o, args, _) throws(ReplError) in
        try args.check("tolist", positional: 0)
        let t = o.tensor
        try checkListSize(t.count, "tolist()")
        return listValue(t.toLiteral())
      },
      .method("numel", "numel()", "the number of elements") { (o, args, _) throws(ReplError) in
        try args.check("numel", positional: 0)
        return .int(o.tensor.count)
      },
      .method("dim", "dim()", "the number of dimensions") { (o, args, _) throws(ReplError) in
        try args.check("dim", positional: 0)
        return .int(o.tensor.ndim)
      },
      .method("size", "size(dim=None)", "the shape, or the size of one dimension") {
        (o, args, _) throws(ReplError) in
        try args.check("size", positional: 0, 1, keywords: ["dim"])
        let t = o.tensor
        guard let d = try optionalDim(args, "size") else { return .object(SizeObject(t.shape)) }
        return .int(t.shape[try checkedDim(d, t, "size")])
      },
      .method("stride", "stride(dim=None)", "how far apart neighbours of each dimension lie") {
        (o, args, _) throws(ReplError) in
        try args.check("stride", positional: 0, 1, keywords: ["dim"])
        let t = o.tensor
        guard let d = try optionalDim(args, "stride") else {
          return .tuple(TupleItems(t.strides.map(RValue.int)))
        }
        return .int(t.strides[try checkedDim(d, t, "stride")])
      },
      .method("storage_offset", "storage_offset()", "where in its storage the first element is") {
        (o, args, _) throws(ReplError) in
        try args.check("storage_offset", positional: 0)
        return .int(o.tensor.storageOffset)
      },
      .method("data_ptr", "data_ptr()", "a number that is the same for tensors sharing storage") {
        (o, args, _) throws(ReplError) in
        try args.check("data_ptr", positional: 0)
        return .int(o.tensor.dataPointerIdentity)
      },
      .method("is_contiguous", "is_contiguous()", "whether it is laid out row by row") {
        (o, args, _) throws(ReplError) in
        try args.check("is_contiguous", positional: 0)
        return .bool(o.tensor.isContiguous)
      },
    ]
    + [
      ("float", "float32", { @Sendable (t: Tensor) throws in try t.float() }),
      ("double", "float64", { @Sendable (t: Tensor) throws in try t.double() }),
      ("long", "int64", { @Sendable (t: Tensor) throws in try t.long() }),
    ].map { (name: String, dtype: String, convert: @escaping @Sendable (Tensor) throws -> Tensor) in
      Row.method(name, "\(name)()", "a \(dtype) copy (itself if it is \(dtype) already)") {
        (o, args, _) throws(ReplError) in
        try args.check(name, positional: 0)
        let t = o.tensor
        return .tensor(try engine { try convert(t) })
      }
    } + [
      .method(
        "to", "to(dtype) or to(device) or to(other)",
        "converted to dtype (or other's dtype); to('cpu') is itself, the CPU being the only "
          + "device"
      ) { (o, args, _) throws(ReplError) in
        try args.check("to", positional: 0, 2, keywords: ["dtype", "device", "copy"])
        var target: DType?
        var candidates = args.positional
        if let d = args.keyword("device") { candidates.append(d) }
        if let d = args.keyword("dtype") { candidates.append(d) }
        for v in candidates {
          if case .object(let device as DeviceObject) = v {
            guard device.type == "cpu" else { throw onlyCPUError(device.name) }
          } else if case .str(let text) = v, !text.hasPrefix("torch."),
            !dtypeNames.contains(text)
          {
            let device = try DeviceObject.parse(text)
            guard device.type == "cpu" else { throw onlyCPUError(device.name) }
          } else if let other = v.tensor {
            target = other.dtype
          } else {
            target = try dtypeArgument(v, "to")
          }
        }
        guard let dtype = target else { return .object(o) }
        let t = o.tensor
        return .tensor(try engine { try t.to(dtype) })
      },
      .method("cpu", "cpu()", "itself: the CPU is where every tensor lives here") {
        (o, args, _) throws(ReplError) in
        try args.check("cpu", positional: 0)
        return .object(o)
      },
      .method("cuda", "cuda()", "an error: this build computes on the CPU only") {
        (_, _, _) throws(ReplError) in
        throw onlyCPUError("cuda")
      },
      .method(
        "type", "type(dtype=None)",
        "the legacy type name ('torch.FloatTensor'), or a copy converted to dtype"
      ) { (o, args, _) throws(ReplError) in
        try args.check("type", positional: 0, 1, keywords: ["dtype"])
        let t = o.tensor
        guard let v = args.argument(0, "dtype"), !v.isNone else {
          return .str(legacyTensorTypeName(t.dtype))
        }
        if case .str(let name) = v,
          let dtype = DType.allCases.first(where: { legacyTensorTypeName($0) == name })
        {
          return .tensor(try engine { try t.to(dtype) })
        }
        let dtype = try dtypeArgument(v, "type")
        return .tensor(try engine { try t.to(dtype) })
      },
      .method(
        "new_tensor", "new_tensor(data)", "a new tensor of data with this tensor's dtype"
      ) { (o, args, _) throws(ReplError) in
        try args.check("new_tensor", positional: 1, 1, keywords: ["dtype", "requires_grad"])
        let literal = try tensorLiteral(args.positional[0])
        let dtype = try args.dtype("new_tensor") ?? o.tensor.dtype
        let grad = args.flag("requires_grad", default: false)
        return .tensor(try engine { try Tensor(literal, dtype: dtype, requiresGrad: grad) })
      },
    ]
    + [("new_zeros", 0.0), ("new_ones", 1.0)].map { (name, value) in
      Row.method(
        name, "\(name)(*size, dtype=None)",
        "a new tensor of \(value == 0 ? "zeros" : "ones") with this tensor's dtype"
      ) { (o, args, _) throws(ReplError) in
        try args.check(name, positional: 0, Int.max, keywords: ["size", "dtype", "requires_grad"])
        let shape = try args.shape(name)
        let dtype = try args.dtype(name) ?? o.tensor.dtype
        let grad = args.flag("requires_grad", default: false)
        return .tensor(
          try engine { try Tensor.full(shape, value: value, dtype: dtype, requiresGrad: grad) })
      }
    } + [
      .method(
        "new_full", "new_full(size, fill_value, dtype=None)",
        "a new tensor of size filled with fill_value, with this tensor's dtype"
      ) { (o, args, _) throws(ReplError) in
        try args.check(
          "new_full", positional: 2, 2, keywords: ["size", "fill_value", "dtype", "requires_grad"])
        guard let size = args.argument(0, "size"), let fill = args.argument(1, "fill_value") else {
          throw ReplError.type("new_full() missing required arguments 'size' and 'fill_value'")
        }
        let shape = try dimensions(size, "new_full")
        let value = try fill.number(for: "new_full")
        let dtype = try args.dtype("new_full") ?? o.tensor.dtype
        let grad = args.flag("requires_grad", default: false)
        return .tensor(
          try engine { try Tensor.full(shape, value: value, dtype: dtype, requiresGrad: grad) })
      }
    ]

  /// Assigning an attribute (not a property) is PyTorch's "not writable" error.
  func setAttribute(_ name: String, to value: RValue) throws(ReplError) -> Bool {
    if TensorObject.members.member(named: name)?.kind == .attribute {
      throw ReplError("AttributeError", "attribute '\(name)' of 'Tensor' objects is not writable")
    }
    return try TensorObject.members.set(name, on: self, to: value)
  }

  /// `dim` as the first positional argument or keyword; an error when missing.
  private static func requiredDim(_ args: Arguments, _ name: String) throws(ReplError) -> Int {
    guard let d = try optionalDim(args, name) else {
      throw ReplError.type("\(name)() missing required argument 'dim'")
    }
    return d
  }

  private static func optionalDim(_ args: Arguments, _ name: String) throws(ReplError) -> Int? {
    guard let v = args.argument(0, "dim"), !v.isNone else { return nil }
    return try v.integer(for: name)
  }

  /// A dimension checked against this tensor's rank, negatives counting from the end.
  private static func checkedDim(_ d: Int, _ t: Tensor, _ name: String) throws(ReplError) -> Int {
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

extension TensorObject {
  /// `sort`, `topk` and `median`: elements in order along a dimension, with where they were.
  fileprivate static let orderingRows: [Row] = [
    .method(
      "sort", "sort(dim=-1, descending=False)",
      "the elements along dim in order: (values, indices)"
    ) { (o, args, _) throws(ReplError) in
      try args.check("sort", positional: 0, 2, keywords: ["dim", "descending", "stable"])
      let d = try args.argument(0, "dim")?.integer(for: "sort") ?? -1
      let descending = args.argument(1, "descending")?.isTruthy ?? false
      let t = o.tensor
      let (values, indices) = try engine { try t.sort(dim: d, descending: descending) }
      return .object(ReturnTypesObject("sort", values: values, indices: indices))
    },
    .method(
      "argsort", "argsort(dim=-1, descending=False)", "the positions that sort the elements"
    ) { (o, args, _) throws(ReplError) in
      try args.check("argsort", positional: 0, 2, keywords: ["dim", "descending", "stable"])
      let d = try args.argument(0, "dim")?.integer(for: "argsort") ?? -1
      let descending = args.argument(1, "descending")?.isTruthy ?? false
      let t = o.tensor
      return .tensor(try engine { try t.sort(dim: d, descending: descending).indices })
    },
    .method(
      "topk", "topk(k, dim=-1, largest=True, sorted=True)",
      "the k largest (or smallest) elements along dim: (values, indices)"
    ) { (o, args, _) throws(ReplError) in
      try args.check("topk", positional: 1, 4, keywords: ["k", "dim", "largest", "sorted"])
      guard let kValue = args.argument(0, "k") else {
        throw ReplError.type("topk() missing required argument 'k'")
      }
      let k = try kValue.integer(for: "topk")
      let d = try args.argument(1, "dim")?.integer(for: "topk") ?? -1
      let largest = args.argument(2, "largest")?.isTruthy ?? true
      let t = o.tensor
      let (values, indices) = try engine { try t.topk(k, dim: d, largest: largest) }
      return .object(ReturnTypesObject("topk", values: values, indices: indices))
    },
    .method(
      "median", "median(dim=None, keepdim=False)",
      "the lower median; with dim, (values, indices)"
    ) { (o, args, _) throws(ReplError) in
      try args.check("median", positional: 0, 2, keywords: ["dim", "keepdim"])
      let t = o.tensor
      guard let d = try optionalDim(args, "median") else {
        return .tensor(try engine { try t.median() })
      }
      let keep = args.argument(1, "keepdim")?.isTruthy ?? false
      let (values, indices) = try engine { try t.median(dim: d, keepdim: keep) }
      return .object(ReturnTypesObject("median", values: values, indices: indices))
    },
  ]
}

extension TensorObject {
  /// `masked_fill` and `masked_fill_`: a value written where a bool mask is true.
  fileprivate static let maskRows: [Row] = [false, true].map { inPlace in
    let name = inPlace ? "masked_fill_" : "masked_fill"
    return Row.method(
      name, "\(name)(mask, value)",
      inPlace
        ? "value written where the bool mask is true, in place"
        : "a copy with value where the bool mask is true (gradient 0 there)"
    ) { (o, args, _) throws(ReplError) in
      try args.check(name, positional: 2, 2, keywords: ["mask", "value"])
      guard let m = args.argument(0, "mask"), let v = args.argument(1, "value") else {
        throw ReplError.type("\(name)() missing required arguments 'mask' and 'value'")
      }
      let mask = try tensorArgument(m, name)
      let value: Double
      if let s = v.tensor {
        guard s.ndim == 0 else {
          throw ReplError(
            "RuntimeError",
            "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
              + "\(s.ndim) dimension(s).")
        }
        value = try engine { try s.item() }
      } else {
        value = try v.number(for: name)
      }
      let t = o.tensor
      if inPlace {
        try engine { try t.maskedFill_(mask, value) }
        return .object(o)
      }
      return .tensor(try engine { try t.maskedFill(mask, value) })
    }
  }

  /// `all`, `any`, `prod`, `cumsum`, `var` and `std`.
  fileprivate static let statisticsRows: [Row] =
    ["all", "any"].map { name in
      Row.method(
        name, "\(name)(dim=None, keepdim=False)",
        name == "all"
          ? "True when every element is non-zero (over dim, if given): a bool tensor"
          : "True when some element is non-zero (over dim, if given): a bool tensor"
      ) { (o, args, _) throws(ReplError) in
        try args.check(name, positional: 0, 2, keywords: ["dim", "keepdim"])
        let dims = try args.argument(0, "dim").flatMap { (v) throws(ReplError) in
          v.isNone ? nil : try dimensions(v, name)
        }
        let keep = args.argument(1, "keepdim")?.isTruthy ?? false
        let t = o.tensor
        return .tensor(
          try engine {
            name == "all"
              ? try t.all(dims: dims, keepdim: keep) : try t.any(dims: dims, keepdim: keep)
          })
      }
    } + [
      .method(
        "prod", "prod(dim=None, keepdim=False)",
        "the product of the elements (over dim, if given); exact gradient even at zeros"
      ) { (o, args, _) throws(ReplError) in
        try args.check("prod", positional: 0, 2, keywords: ["dim", "keepdim", "dtype"])
        let d = try args.argument(0, "dim").flatMap { (v) throws(ReplError) in
          v.isNone ? nil : try v.integer(for: "prod")
        }
        let keep = args.argument(1, "keepdim")?.isTruthy ?? false
        let dtype = try args.dtype("prod")
        let t = o.tensor
        return .tensor(
          try engine {
            let x = try dtype.map { try t.to($0) } ?? t
            return try x.prod(dim: d, keepdim: keep)
          })
      },
      .method("cumsum", "cumsum(dim)", "running sums along dim: out[i] = x[0] + … + x[i]") {
        (o, args, _) throws(ReplError) in
        try args.check("cumsum", positional: 0, 1, keywords: ["dim", "dtype"])
        let d = try requiredDim(args, "cumsum")
        let dtype = try args.dtype("cumsum")
        let t = o.tensor
        return .tensor(
          try engine {
            let x = try dtype.map { try t.to($0) } ?? t
            return try x.cumsum(dim: d)
          })
      },
    ]
    + ["var", "std"].map { name in
      Row.method(
        name, "\(name)(dim=None, unbiased=True, keepdim=False, correction=1)",
        name == "var"
          ? "the variance Σ(x − x̄)²/(N − correction), unbiased (N − 1) unless told"
          : "the standard deviation √var, unbiased (N − 1) unless told"
      ) { (o, args, _) throws(ReplError) in
        try args.check(
          name, positional: 0, 3, keywords: ["dim", "unbiased", "keepdim", "correction"])
        var positional = args.positional
        // std(False) is the older spelling of std(unbiased=False).
        var unbiased = true
        if case .bool(let flag)? = positional.first {
          unbiased = flag
          positional.removeFirst()
          guard positional.isEmpty else {
            throw ReplError.type("\(name)(): unbiased given first takes no other positional")
          }
        }
        let rest = Arguments(positional, keywords: args.keywords)
        let dims = try rest.argument(0, "dim").flatMap { (v) throws(ReplError) in
          v.isNone ? nil : try dimensions(v, name)
        }
        if let u = rest.argument(1, "unbiased") { unbiased = u.isTruthy }
        let keep = rest.argument(2, "keepdim")?.isTruthy ?? false
        var correction: Double = unbiased ? 1 : 0
        if let c = args.keyword("correction"), !c.isNone {
          correction = try c.number(for: name)
        }
        let t = o.tensor
        return .tensor(
          try engine {
            name == "var"
              ? try t.variance(dims: dims, correction: correction, keepdim: keep)
              : try t.std(dims: dims, correction: correction, keepdim: keep)
          })
      }
    }
}
