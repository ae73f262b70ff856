// The `torch` namespace, so the lecture's PyTorch snippets run as typed:
// creation functions, dtype constants, joins, functions of tensors,
// no_grad, anomaly mode, files and gradcheck. `torch`, `nn` and `F` are
// pre-bound names; `import torch` works too (the language has no dotted
// imports and no `from ... import`).

import Foundation
import GradLanguage
import GradTensor

enum TorchBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    let functional = TorchNN.functionalModule()
    let nn = TorchNN.nnModule(functional: functional)
    let torch = torchModule(nn: nn)
    table.add("torch", value: .object(torch))
    table.add("nn", value: .object(nn))
    table.add("F", value: .object(functional))
    // Dotted names cannot be typed as variables; they let `from torch.nn import functional
    // as F` find the submodules, since imports look modules up by name.
    let submodules: [(String, RValue?)] = [
      ("torch.nn", .object(nn)), ("torch.nn.functional", .object(functional)),
      ("torch.optim", torch.members["optim"]), ("torch.autograd", torch.members["autograd"]),
      ("torch.nn.utils", nn.members["utils"]),
    ]
    for case (let name, let module?) in submodules { table.add(name, value: module) }
  }

  /// Members of a module being assembled.
  struct Members {
    var values: [String: RValue] = [:]

    mutating func add(
      _ name: String, _ signature: String, _ doc: String,
      _ body: @escaping (Arguments, Interpreter) throws(ReplError) -> RValue
    ) {
      values[name] = .builtin(BuiltinFunction(name, signature: signature, doc: doc, body))
    }
  }

  static func torchModule(nn: ModuleObject) -> ModuleObject {
    var m = Members()
    addCreation(&m)
    addFunctions(&m)
    addAutograd(&m)
    addFiles(&m)
    for dtype in DType.allCases {
      m.values[dtype.rawValue] = .object(DTypeObject(dtype))
    }
    m.values["float"] = .object(DTypeObject(.float32))
    m.values["double"] = .object(DTypeObject(.float64))
    m.values["long"] = .object(DTypeObject(.int64))
    // Complex dtypes exist only as what a complex result (eigvals) reports.
    for (name, part) in [
      ("complex64", DType.float32), ("cfloat", .float32), ("complex128", .float64),
      ("cdouble", .float64),
    ] {
      m.values[name] = .object(ComplexDTypeObject(partDType: part))
    }
    m.values["Tensor"] = .object(TypeObject(name: "Tensor", qualifiedName: "torch.Tensor"))
    m.add("Size", "Size(dims)", "A shape: torch.Size([2, 3]).") { (args, _) throws(ReplError) in
      try args.check("Size", positional: 0, 1)
      let dims = try args.positional.first.map { (v) throws(ReplError) in try dimensions(v, "Size")
      }
      return .object(SizeObject(dims ?? []))
    }
    m.add(
      "device", "device(type)",
      "A device by name: torch.device('cpu'). This build computes on the CPU only."
    ) { (args, _) throws(ReplError) in
      try args.check("device", positional: 1, 2, keywords: ["type", "index"])
      guard let v = args.argument(0, "type") else {
        throw ReplError.type("device() missing required argument 'type'")
      }
      if case .object(let d as DeviceObject) = v { return .object(d) }
      guard case .str(let text) = v else {
        throw ReplError.type("device(): expected a str such as 'cpu', got '\(v.typeName)'")
      }
      let device = try DeviceObject.parse(text)
      if let n = try args.argument(1, "index")?.integer(for: "device") {
        return .object(DeviceObject(device.type, index: n))
      }
      return .object(device)
    }
    var cuda = Members()
    cuda.add("is_available", "is_available()", "False: this build computes on the CPU only.") {
      (args, _) throws(ReplError) in
      try args.check("is_available", positional: 0)
      return .bool(false)
    }
    cuda.add("device_count", "device_count()", "0: this build computes on the CPU only.") {
      (args, _) throws(ReplError) in
      try args.check("device_count", positional: 0)
      return .int(0)
    }
    m.values["cuda"] = .object(
      ModuleObject(
        name: "torch.cuda", doc: "GPUs: none here (this build computes on the CPU only).",
        members: cuda.values))
    m.values["linalg"] = .object(linalgModule())
    m.values["nn"] = .object(nn)
    m.values["optim"] = .object(TorchNN.optimModule())
    m.values["autograd"] = .object(autogradModule())
    m.values["_VF"] = .object(TorchRecurrent.module())
    return ModuleObject(
      name: "torch",
      doc: "Tensors with PyTorch's names and semantics (GradTensor underneath).",
      members: m.values)
  }

  // MARK: - Creation

  private static func addCreation(_ m: inout Members) {
    m.add(
      "tensor", "tensor(data, dtype=None, requires_grad=False)",
      "A tensor from a number or nested lists: ints give int64, any float gives float32."
    ) { (args, _) throws(ReplError) in
      try args.check("tensor", positional: 1, 1, keywords: ["dtype", "requires_grad"])
      if let copy = try tensorCopyOfArray(args) { return copy }
      let literal = try tensorLiteral(args.positional[0])
      let dtype = try args.dtype("tensor")
      let grad = args.flag("requires_grad", default: false)
      return .tensor(try engine { try Tensor(literal, dtype: dtype, requiresGrad: grad) })
    }
    m.add(
      "as_tensor", "as_tensor(data, dtype=None)",
      "data as a tensor without copying when it already is one of that dtype (or an array); "
        + "from lists, a new tensor like torch.tensor."
    ) { (args, _) throws(ReplError) in
      try args.check("as_tensor", positional: 1, 1, keywords: ["data", "dtype", "device"])
      guard let data = args.argument(0, "data") else {
        throw ReplError.type("as_tensor() missing required argument 'data'")
      }
      let dtype = try args.dtype("as_tensor")
      if let t = data.tensor {
        // The same tensor object when no conversion is asked for, as in PyTorch.
        guard let dtype, dtype != t.dtype else { return data }
        return .tensor(try engine { try t.to(dtype) })
      }
      if let a = data.ndarray, dtype == nil || dtype == a.dtype {
        return .tensor(a.tensor.detach())
      }
      if let copy = try tensorCopyOfArray(Arguments([data], keywords: args.keywords)) {
        return copy
      }
      let literal = try tensorLiteral(data)
      return .tensor(try engine { try Tensor(literal, dtype: dtype) })
    }
    m.values["from_numpy"] = fromNumpyFunction
    for (name, doc) in [
      ("zeros", "A tensor of zeros."), ("ones", "A tensor of ones."),
      ("randn", "Samples of the standard normal N(0, 1) (see manual_seed)."),
      ("rand", "Samples uniform in [0, 1) (see manual_seed)."),
    ] {
      m.add(name, "\(name)(*size, dtype=None, requires_grad=False)", doc) {
        (args, _) throws(ReplError) in
        try args.check(name, positional: 0, Int.max, keywords: ["size", "dtype", "requires_grad"])
        let shape = try args.shape(name)
        let dtype = try args.dtype(name) ?? .float32
        let grad = args.flag("requires_grad", default: false)
        return .tensor(
          try engine {
            switch name {
            case "zeros": try Tensor.zeros(shape, dtype: dtype, requiresGrad: grad)
            case "ones": try Tensor.ones(shape, dtype: dtype, requiresGrad: grad)
            case "randn": try Tensor.randn(shape, dtype: dtype, requiresGrad: grad)
            default: try Tensor.rand(shape, dtype: dtype, requiresGrad: grad)
            }
          })
      }
    }
    for name in ["zeros_like", "ones_like"] {
      m.add(name, "\(name)(x, dtype=None)", "A tensor shaped like x, of zeros or ones.") {
        (args, _) throws(ReplError) in
        try args.check(name, positional: 1, 1, keywords: ["dtype", "requires_grad"])
        let x = try tensorArgument(args.positional[0], name)
        let dtype = try args.dtype(name) ?? x.dtype
        let grad = args.flag("requires_grad", default: false)
        return .tensor(
          try engine {
            name == "zeros_like"
              ? try Tensor.zeros(x.shape, dtype: dtype, requiresGrad: grad)
              : try Tensor.ones(x.shape, dtype: dtype, requiresGrad: grad)
          })
      }
    }
    m.add(
      "full", "full(size, fill_value, dtype=None, requires_grad=False)",
      "A tensor of the given shape filled with one value."
    ) { (args, _) throws(ReplError) in
      try args.check("full", positional: 2, 2, keywords: ["dtype", "requires_grad"])
      let shape = try dimensions(args.positional[0], "full")
      let value = args.positional[1]
      let x = try value.number(for: "full")
      let inferred: DType =
        if case .int = value { .int64 } else if case .bool = value { .bool } else { .float32 }
      let dtype = try args.dtype("full") ?? inferred
      let grad = args.flag("requires_grad", default: false)
      return .tensor(
        try engine { try Tensor.full(shape, value: x, dtype: dtype, requiresGrad: grad) })
    }
    m.add(
      "arange", "arange(start=0, end, step=1, dtype=None)",
      "Evenly spaced values in [start, end): int64 when all arguments are ints."
    ) { (args, _) throws(ReplError) in
      try args.check("arange", positional: 1, 3, keywords: ["dtype", "step"])
      var numbers: [Double] = []
      var allInts = true
      for v in args.positional {
        numbers.append(try v.number(for: "arange"))
        if case .float = v { allInts = false }
      }
      if let s = args.keyword("step") {
        numbers.append(try s.number(for: "arange"))
        if case .float = s { allInts = false }
      }
      let dtype = try args.dtype("arange") ?? (allInts ? .int64 : .float32)
      let (start, end, step) =
        numbers.count == 1
        ? (0, numbers[0], 1.0)
        : (numbers[0], numbers[1], numbers.count > 2 ? numbers[2] : 1.0)
      guard step != 0, ((end - start) / step).magnitude <= Double(1 << 40) else {
        throw ReplError("RuntimeError", "arange(): step must be non-zero and the range finite")
      }
      return .tensor(try engine { try Tensor.arange(start, end, step: step, dtype: dtype) })
    }
    m.add("eye", "eye(n, m=None, dtype=None)", "The identity matrix, n × m.") {
      (args, _) throws(ReplError) in
      try args.check("eye", positional: 1, 2, keywords: ["dtype"])
      let n = try dimension(args.positional[0], "eye")
      let cols = try args.positional.count > 1 ? dimension(args.positional[1], "eye") : n
      let dtype = try args.dtype("eye") ?? .float32
      return .tensor(try engine { try Tensor.eye(n, cols, dtype: dtype) })
    }
    m.add(
      "randint", "randint(low=0, high, size)",
      "int64 samples uniform in [low, high) (see manual_seed)."
    ) { (args, _) throws(ReplError) in
      try args.check("randint", positional: 2, 3, keywords: ["dtype"])
      let p = args.positional
      let low = p.count == 3 ? try p[0].integer(for: "randint") : 0
      let high = try p[p.count - 2].integer(for: "randint")
      let shape = try dimensions(p[p.count - 1], "randint")
      return .tensor(try engine { try Tensor.randint(low, high, shape) })
    }
    m.add(
      "randperm", "randperm(n)", "A random permutation of 0 … n−1, int64 (see manual_seed)."
    ) { (args, _) throws(ReplError) in
      try args.check("randperm", positional: 1, 1, keywords: ["dtype"])
      let n = try args.positional[0].integer(for: "randperm")
      let dtype = try args.dtype("randperm") ?? .int64
      return .tensor(try engine { try Tensor.randperm(n).to(dtype) })
    }
    m.add(
      "outer", "outer(a, b)", "The outer product of two vectors: out[i, j] = a[i]·b[j]."
    ) { (args, _) throws(ReplError) in
      try args.check("outer", positional: 2, 2)
      let a = try tensorArgument(args.positional[0], "outer")
      let b = try tensorArgument(args.positional[1], "outer")
      guard a.ndim == 1, b.ndim == 1 else {
        throw ReplError(
          "RuntimeError",
          "outer: Expected 1-D argument \(a.ndim == 1 ? "vec2" : "self"), but got "
            + "\(a.ndim == 1 ? b.ndim : a.ndim)-D")
      }
      // a (n) as a column times b (m) as a row, broadcast to (n, m).
      return .tensor(try engine { try a.unsqueeze(1) * b.unsqueeze(0) })
    }
    m.add(
      "manual_seed", "manual_seed(seed)",
      "Restarts the tensor generator: the same seed gives the same random tensors (not the "
        + "same numbers as PyTorch's generator)."
    ) { (args, _) throws(ReplError) in
      try args.check("manual_seed", positional: 1, 1)
      let seed = try args.positional[0].integer(for: "manual_seed")
      manualSeed(UInt64(bitPattern: Int64(seed)))
      return .object(GeneratorObject(seed: seed))
    }
    m.add(
      "set_num_threads", "set_num_threads(n)",
      "How many threads a matrix product may use (1 at the start; 2 helps only large square "
        + "products on this kind of machine)."
    ) { (args, _) throws(ReplError) in
      try args.check("set_num_threads", positional: 1, 1)
      let n = try args.positional[0].integer(for: "set_num_threads")
      guard n >= 1 else {
        throw ReplError("RuntimeError", "set_num_threads expects a positive integer")
      }
      BLAS.threadCount = n
      return .none
    }
    m.add("get_num_threads", "get_num_threads()", "The threads a matrix product may use.") {
      (args, _) throws(ReplError) in
      try args.check("get_num_threads", positional: 0)
      return .int(BLAS.threadCount)
    }
    m.add(
      "linspace", "linspace(start, end, steps, dtype=None, requires_grad=False)",
      "steps evenly spaced values from start to end, both included (float32)."
    ) { (args, _) throws(ReplError) in
      try args.check(
        "linspace", positional: 2, 3, keywords: ["start", "end", "steps", "dtype", "requires_grad"])
      guard let a = args.argument(0, "start"), let b = args.argument(1, "end"),
        let n = args.argument(2, "steps")
      else { throw ReplError.type("linspace() needs start, end and steps") }
      let (start, end) = (try a.number(for: "linspace"), try b.number(for: "linspace"))
      let steps = try dimension(n, "linspace")
      guard steps >= 0 else {
        throw ReplError("RuntimeError", "number of steps must be non-negative")
      }
      // From both ends towards the middle, so the first and last values are exact:
      // x_i = start + i·h for the first half, end − (steps−1−i)·h for the rest.
      // In float32 the step is a float32, as PyTorch's (the middle value of
      // linspace(-1, 1, 7) is then -2.98e-08, not 0).
      let dtype = try args.dtype("linspace") ?? .float32
      var h = steps > 1 ? (end - start) / Double(steps - 1) : 0
      if dtype == .float32 { h = Double(Float(h)) }
      let values = (0..<steps).map { i in
        i < steps / 2 ? start + Double(i) * h : end - Double(steps - 1 - i) * h
      }
      let grad = args.flag("requires_grad", default: false)
      return .tensor(
        try engine { try Tensor(values, shape: [steps], dtype: dtype, requiresGrad: grad) })
    }
  }

  // MARK: - Functions of tensors

  /// `torch.abs`, which also takes a complex tensor (its moduli), and `torch.real`,
  /// `torch.imag`, `torch.angle`, `torch.conj` of a complex tensor.
  private static func addComplexFunctions(_ m: inout Members) {
    let realAbs = m.values["abs"]
    m.add("abs", "abs(x)", "Elementwise |x|; of a complex tensor, the moduli √(x² + y²).") {
      (args, interpreter) throws(ReplError) in
      if args.positional.count == 1, case .object(let z as ComplexTensorObject) = args.positional[0]
      {
        return .tensor(try engine { try z.value.abs() })
      }
      guard let realAbs else { throw ReplError.type("abs() is not available") }
      return try interpreter.call(realAbs, args)
    }
    for (name, doc) in [
      ("real", "The real parts of a complex tensor (a real tensor is its own real part)."),
      ("imag", "The imaginary parts of a complex tensor."),
      ("angle", "The arguments atan2(y, x) of a complex tensor's elements."),
      ("conj", "The complex conjugates x − iy (a real tensor is its own conjugate)."),
    ] {
      m.add(name, "\(name)(z)", doc) { (args, interpreter) throws(ReplError) in
        try args.check(name, positional: 1, 1)
        let z = args.positional[0]
        if case .object(let o as ComplexTensorObject) = z {
          guard let member = try o.attribute(name, in: interpreter) else {
            return try o.callMethod(name, Arguments([]), in: interpreter) ?? .none
          }
          return member
        }
        let t = try tensorArgument(z, name)
        switch name {
        case "real", "conj": return .tensor(t)
        case "imag":
          throw ReplError(
            "RuntimeError", "imag is not implemented for tensors with non-complex dtypes.")
        default:
          // arg x of a real x: 0 for x ≥ 0, π for x < 0 (NaN stays NaN).
          return .tensor(
            try engine {
              let x = try t.contiguous().toDoubleArray()
              return try Tensor(
                x.map { $0.isNaN ? $0 : ($0 < 0 ? Double.pi : 0) }, shape: t.shape,
                dtype: t.dtype.isFloatingPoint ? t.dtype : .float32)
            })
        }
      }
    }
  }

  private static func addFunctions(_ m: inout Members) {
    for op in UnaryElementwiseOp.all {
      m.values[op.name] = .builtin(
        op.function(
          signature: "\(op.name)(x)", doc: "Elementwise \(op.name), recorded for autograd."))
    }
    addComplexFunctions(&m)
    // Functions that are the tensor's method of the same name, with x first.
    for (name, signature) in [
      ("softmax", "softmax(x, dim)"), ("log_softmax", "log_softmax(x, dim)"),
      ("matmul", "matmul(a, b)"), ("mm", "mm(a, b)"), ("sum", "sum(x, dim=None, keepdim=False)"),
      ("mean", "mean(x, dim=None, keepdim=False)"), ("max", "max(x, dim=None, keepdim=False)"),
      ("min", "min(x, dim=None, keepdim=False)"), ("argmax", "argmax(x, dim=None, keepdim=False)"),
      ("argmin", "argmin(x, dim=None, keepdim=False)"), ("clamp", "clamp(x, min=None, max=None)"),
      ("pow", "pow(x, exponent)"), ("norm", "norm(x, dim=None, keepdim=False)"),
      ("reshape", "reshape(x, shape)"), ("transpose", "transpose(x, dim0, dim1)"),
      ("permute", "permute(x, dims)"), ("unsqueeze", "unsqueeze(x, dim)"),
      ("squeeze", "squeeze(x, dim=None)"), ("flatten", "flatten(x, start_dim=0, end_dim=-1)"),
      ("numel", "numel(x)"), ("clone", "clone(x)"), ("detach", "detach(x)"),
      ("add", "add(a, b)"), ("sub", "sub(a, b)"), ("mul", "mul(a, b)"), ("div", "div(a, b)"),
      ("index_select", "index_select(x, dim, index)"), ("gather", "gather(x, dim, index)"),
      ("split", "split(x, split_size_or_sections, dim=0)"), ("chunk", "chunk(x, chunks, dim=0)"),
      ("eq", "eq(a, b)"), ("gt", "gt(a, b)"), ("lt", "lt(a, b)"),
      ("sort", "sort(x, dim=-1, descending=False)"), ("argsort", "argsort(x, dim=-1)"),
      ("topk", "topk(x, k, dim=-1, largest=True, sorted=True)"),
      ("median", "median(x, dim=None, keepdim=False)"), ("maximum", "maximum(a, b)"),
      ("minimum", "minimum(a, b)"), ("round", "round(x, decimals=0)"), ("floor", "floor(x)"),
      ("remainder", "remainder(a, b)"),
      ("allclose", "allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)"),
      ("equal", "equal(a, b)"), ("ceil", "ceil(x)"), ("all", "all(x, dim=None, keepdim=False)"),
      ("any", "any(x, dim=None, keepdim=False)"), ("prod", "prod(x, dim=None, keepdim=False)"),
      ("cumsum", "cumsum(x, dim)"), ("std", "std(x, dim=None, unbiased=True, keepdim=False)"),
      ("var", "var(x, dim=None, unbiased=True, keepdim=False)"),
      ("masked_fill", "masked_fill(x, mask, value)"), ("diag", "diag(x, diagonal=0)"),
      ("bmm", "bmm(batch1, batch2)"),
    ] {
      m.add(name, signature, "Same as x.\(name)(...).") { (args, interpreter) throws(ReplError) in
        guard let first = args.positional.first else {
          throw ReplError.type("\(name)() missing required argument 'input'")
        }
        let x = try tensorArgument(first, name)
        let rest = Arguments(Array(args.positional.dropFirst()), keywords: args.keywords)
        guard let r = try TensorObject(x).callMethod(name, rest, in: interpreter) else {
          throw ReplError.type("\(name)() is not available")
        }
        return r
      }
    }
    m.add("cat", "cat(tensors, dim=0)", "Joins tensors along an existing dimension.") {
      (args, interpreter) throws(ReplError) in
      try args.check("cat", positional: 1, 2, keywords: ["dim"])
      let ts = try tensorList(args.positional[0], "cat", interpreter)
      let d = try args.argument(1, "dim")?.integer(for: "cat") ?? 0
      return .tensor(try engine { try Tensor.cat(ts, dim: d) })
    }
    m.add("stack", "stack(tensors, dim=0)", "Joins same-shaped tensors along a new dimension.") {
      (args, interpreter) throws(ReplError) in
      try args.check("stack", positional: 1, 2, keywords: ["dim"])
      let ts = try tensorList(args.positional[0], "stack", interpreter)
      let d = try args.argument(1, "dim")?.integer(for: "stack") ?? 0
      return .tensor(try engine { try Tensor.stack(ts, dim: d) })
    }
    m.add(
      "where", "where(condition, a, b)",
      "Elementwise choice: a where condition is true, else b (numbers allowed)."
    ) { (args, _) throws(ReplError) in
      try args.check("where", positional: 3, 3)
      let condition = try tensorArgument(args.positional[0], "where")
      let partner = args.positional[1].tensor ?? args.positional[2].tensor ?? condition
      let a = try operand(args.positional[1], partner: partner, "where")
      let b = try operand(args.positional[2], partner: partner, "where")
      return .tensor(try engine { try Tensor.where(condition, a, b) })
    }
    m.add("is_tensor", "is_tensor(x)", "Whether x is a Tensor.") { (args, _) throws(ReplError) in
      try args.check("is_tensor", positional: 1, 1)
      return .bool(args.positional[0].tensor != nil)
    }
  }

  /// The tensors of a list or tuple argument.
  static func tensorList(_ v: RValue, _ function: String, _ interpreter: Interpreter)
    throws(ReplError) -> [Tensor]
  {
    var out: [Tensor] = []
    for item in try interpreter.collect(v) { out.append(try tensorArgument(item, function)) }
    return out
  }

  // MARK: - Autograd

  private static func addAutograd(_ m: inout Members) {
    for (name, recording) in [("no_grad", false), ("enable_grad", true), ("inference_mode", false)]
    {
      m.add(
        name, "\(name)() or \(name)(fn, *args)",
        "`with torch.\(name)(): ...` runs the block with recording "
          + (recording ? "on (even inside no_grad)" : "off")
          + "; `@torch.\(name)()` above a def does the same for every call of the function; "
          + "torch.\(name)(fn, *args) calls fn(*args) that way and returns its result."
      ) { (args, interpreter) throws(ReplError) in
        guard let fn = args.positional.first else {
          try args.check(name, positional: 0, keywords: name == "inference_mode" ? ["mode"] : [])
          let on = name == "inference_mode" ? !(args.keyword("mode")?.isTruthy ?? true) : recording
          return .object(GradModeContext(name, recording: on))
        }
        let rest = Arguments(Array(args.positional.dropFirst()), keywords: args.keywords)
        return try GradModeContext(name, recording: recording).running {
          () throws(ReplError) in try interpreter.call(fn, rest)
        }
      }
    }
    m.add(
      "set_grad_enabled", "set_grad_enabled(mode)",
      "`with torch.set_grad_enabled(False): ...` turns recording off (True: on) in the block."
    ) { (args, _) throws(ReplError) in
      try args.check("set_grad_enabled", positional: 1, 1, keywords: ["mode"])
      guard let mode = args.argument(0, "mode"), case .bool(let on) = mode else {
        throw ReplError.type("set_grad_enabled() takes True or False")
      }
      return .object(GradModeContext("set_grad_enabled", recording: on))
    }
    m.add(
      "is_grad_enabled", "is_grad_enabled()", "False inside no_grad, True otherwise."
    ) { (args, _) throws(ReplError) in
      try args.check("is_grad_enabled", positional: 0)
      return .bool(GradMode.isEnabled)
    }
    m.add(
      "is_inference_mode_enabled", "is_inference_mode_enabled()",
      "True inside inference_mode (here the same as no_grad)."
    ) { (args, _) throws(ReplError) in
      try args.check("is_inference_mode_enabled", positional: 0)
      return .bool(!GradMode.isEnabled)
    }
    m.add(
      "set_anomaly", "set_anomaly(mode)",
      "Same as torch.autograd.set_detect_anomaly(mode)."
    ) { (args, _) throws(ReplError) in
      try setAnomaly(args, "set_anomaly")
    }
    m.add(
      "gradcheck", "gradcheck(fn, inputs, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True)",
      "Same as torch.autograd.gradcheck."
    ) { (args, interpreter) throws(ReplError) in
      try gradcheckCall(args, interpreter)
    }
  }

  private static func setAnomaly(_ args: Arguments, _ name: String) throws(ReplError) -> RValue {
    try args.check(name, positional: 1, 2, keywords: ["mode", "check_nan"])
    guard let mode = args.argument(0, "mode") else {
      throw ReplError.type("\(name)() missing required argument 'mode'")
    }
    Anomaly.isEnabled = mode.isTruthy
    return RValue.none
  }

  /// `gradcheck(fn, inputs)`: True when autograd agrees with finite differences; otherwise a
  /// RuntimeError with the worst errors (or False with raise_exception=False).
  private static func gradcheckCall(_ args: Arguments, _ interpreter: Interpreter)
    throws(ReplError) -> RValue
  {
    try args.check(
      "gradcheck", positional: 2, 2, keywords: ["eps", "atol", "rtol", "raise_exception"])
    let fn = args.positional[0]
    let inputs: [Tensor]
    if let single = args.positional[1].tensor {
      inputs = [single]
    } else {
      inputs = try tensorList(args.positional[1], "gradcheck", interpreter)
    }
    let eps = try args.keyword("eps")?.number(for: "gradcheck") ?? 1e-6
    let atol = try args.keyword("atol")?.number(for: "gradcheck") ?? 1e-5
    let rtol = try args.keyword("rtol")?.number(for: "gradcheck") ?? 1e-3
    let raise = args.flag("raise_exception", default: true)
    let result = try engine {
      try gradcheck(
        { (leaves: [Tensor]) throws -> Tensor in
          let out = try interpreter.call(fn, Arguments(leaves.map(RValue.tensor)))
          guard let t = out.tensor else {
            throw ReplError.type(
              "gradcheck: the function must return a Tensor, not '\(out.typeName)'")
          }
          return t
        }, inputs: inputs, eps: eps, atol: atol, rtol: rtol)
    }
    if !result.passed && raise {
      throw ReplError(
        "RuntimeError",
        "Jacobian mismatch: " + result.description.split(separator: "\n").joined(separator: "; "))
    }
    return .bool(result.passed)
  }

  private static func autogradModule() -> ModuleObject {
    var m = Members()
    m.add(
      "set_detect_anomaly", "set_detect_anomaly(mode)",
      "Anomaly mode: every operation and every backward rule checks its result for NaN/Inf "
        + "and the first one found stops with an error naming the operation and your line. "
        + "It slows everything down; it applies to the whole program."
    ) { (args, _) throws(ReplError) in
      try setAnomaly(args, "set_detect_anomaly")
    }
    m.add(
      "is_anomaly_enabled", "is_anomaly_enabled()", "Whether anomaly mode is on."
    ) { (args, _) throws(ReplError) in
      try args.check("is_anomaly_enabled", positional: 0)
      return .bool(Anomaly.isEnabled)
    }
    m.add(
      "gradcheck", "gradcheck(fn, inputs, eps=1e-06, atol=1e-05, rtol=0.001, raise_exception=True)",
      "Compares fn's autograd gradients with central finite differences; inputs are float64 "
        + "tensors with requires_grad (a tuple, or one tensor). True when they agree."
    ) { (args, interpreter) throws(ReplError) in
      try gradcheckCall(args, interpreter)
    }
    m.add(
      "backward", "backward(tensor, grad_tensors=None, retain_graph=False)",
      "Same as tensor.backward(...)."
    ) { (args, interpreter) throws(ReplError) in
      guard let first = args.positional.first else {
        throw ReplError.type("backward() missing required argument 'tensors'")
      }
      let t = try tensorArgument(first, "backward")
      var keywords = args.keywords.map { k in
        (name: k.name == "grad_tensors" ? "gradient" : k.name, value: k.value)
      }
      if args.positional.count > 1 { keywords.append(("gradient", args.positional[1])) }
      return try TensorObject(t).callMethod(
        "backward", Arguments([], keywords: keywords), in: interpreter) ?? .none
    }
    return ModuleObject(
      name: "torch.autograd", doc: "Anomaly mode, gradient checking.", members: m.values)
  }

  // MARK: - Files

  private static func addFiles(_ m: inout Members) {
    m.add(
      "save", "save(obj, path)",
      "Writes a tensor to a .npy file, or a dict of tensors to a .npz file (NumPy formats; "
        + "written to a temporary file, then renamed into place)."
    ) { (args, interpreter) throws(ReplError) in
      try args.check("save", positional: 2, 2)
      guard case .str(let path) = args.positional[1] else {
        throw ReplError.type("save(): path must be a str, not '\(args.positional[1].typeName)'")
      }
      try interpreter.checkWritable(path)
      let object = args.positional[0]
      if let t = object.tensor {
        if path.hasSuffix(".npz") {
          try engine { try NPZ.save([(name: "arr_0", tensor: t)], to: path) }
        } else {
          try engine { try NPY.save(t, to: path) }
        }
        return RValue.none
      }
      guard case .dict(let d) = object else {
        throw ReplError.type(
          "save(): can save a Tensor (.npy) or a dict of Tensors (.npz), not "
            + "'\(object.typeName)'")
      }
      guard path.hasSuffix(".npz") else {
        throw ReplError.value("save(): a dict of tensors goes to a .npz file, not '\(path)'")
      }
      var named: [(name: String, tensor: Tensor)] = []
      for (key, value) in zip(d.keys, d.values) {
        guard case .str(let name) = key else {
          throw ReplError.type("save(): dict keys must be str, not '\(key.typeName)'")
        }
        named.append((name, try tensorArgument(value, "save")))
      }
      let entries = named
      try engine { try NPZ.save(entries, to: path) }
      return RValue.none
    }
    m.add(
      "load", "load(path)",
      "Reads a tensor from a .npy file, or a dict of tensors from a .npz file."
    ) { (args, _) throws(ReplError) in
      try args.check("load", positional: 1, 1, keywords: ["weights_only"])
      guard case .str(let path) = args.positional[0] else {
        throw ReplError.type("load(): path must be a str, not '\(args.positional[0].typeName)'")
      }
      guard FileManager.default.fileExists(atPath: path) else {
        throw ReplError("FileNotFoundError", "No such file or directory: '\(path)'")
      }
      if path.hasSuffix(".npz") {
        let entries = try engine { try NPZ.load(from: path) }
        let d = DictBox()
        for (name, t) in entries { try d.set(.str(name), .tensor(t)) }
        return .dict(d)
      }
      return .tensor(try engine { try NPY.load(from: path) })
    }
  }
}

/// `torch.no_grad()`, `enable_grad()`, `inference_mode()`, `set_grad_enabled(mode)` without
/// a function: a context for `with` that sets recording for its block, and a decorator
/// (`@torch.no_grad()`) that sets it for every call of the function it wraps.
final class GradModeContext: ScopedContextObject {
  /// The torch function that made it, for the repr.
  let name: String
  /// Whether operations are recorded for autograd inside.
  let recording: Bool

  init(_ name: String, recording: Bool) {
    self.name = name
    self.recording = recording
  }

  var typeName: String { name }
  func repr() -> String { "<torch.autograd.grad_mode.\(name) object>" }

  /// Runs `body` with recording set as this context says.
  func running<R>(_ body: () throws(ReplError) -> R) throws(ReplError) -> R {
    var result: Result<R, ReplError>?
    let wrapped = {
      do throws(ReplError) { result = .success(try body()) } catch { result = .failure(error) }
    }
    if recording { enableGrad(wrapped) } else { noGrad(wrapped) }
    guard let result else { throw ReplError("RuntimeError", "\(name): the block did not run") }
    return try result.get()
  }

  func runScoped(_ body: () throws(ReplError) -> Void) throws(ReplError) {
    try running(body)
  }

  /// `@torch.no_grad()` above a def: the function, called with recording set.
  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    try arguments.check(name, positional: 1, 1)
    let fn = arguments.positional[0]
    let context = self
    let wrapped = BuiltinFunction(
      functionName(fn), signature: "\(functionName(fn))(*args, **kwargs)",
      doc: "Runs with recording \(recording ? "on" : "off") (decorated by torch.\(name)())."
    ) { (args, interpreter) throws(ReplError) in
      try context.running { () throws(ReplError) in try interpreter.call(fn, args) }
    }
    return .builtin(wrapped)
  }
}

/// The name a function was defined with, for the wrapper a decorator makes.
private func functionName(_ fn: RValue) -> String {
  if case .builtin(let b) = fn { return b.name }
  if case .function(let f) = fn { return f.name }
  return "function"
}

/// What `torch.manual_seed` returns: the generator it reseeded, shown as PyTorch shows its
/// own (`<torch._C.Generator object at 0x…>`).
final class GeneratorObject: MemberTableObject {
  let seed: Int
  init(seed: Int) { self.seed = seed }

  var typeName: String { "torch._C.Generator" }
  func repr() -> String {
    "<torch._C.Generator object at 0x"
      + String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16)
      + ">"
  }
  static let members = MemberTable<GeneratorObject>([
    .method("initial_seed", "initial_seed()", "the seed it was last given") {
      (g, arguments, _) throws(ReplError) in
      try arguments.check("initial_seed", positional: 0)
      return .int(g.seed)
    }
  ])
  var helpText: String {
    "torch._C.Generator: the tensor random generator, seeded with \(seed) (the same seed gives "
      + "the same tensors, not the same numbers as PyTorch)"
  }
}

// MARK: - torch.linalg

extension TorchBuiltins {
  /// `torch.linalg`: vector and matrix norms, singular values and eigenvalues.
  static func linalgModule() -> ModuleObject {
    var m = Members()
    m.add(
      "vector_norm", "vector_norm(x, ord=2, dim=None, keepdim=False)",
      "(Σ|x|^ord)^(1/ord) over dim (all elements when None); ord may be inf or -inf."
    ) { (args, _) throws(ReplError) in
      try args.check("vector_norm", positional: 1, 4, keywords: ["ord", "dim", "keepdim"])
      let x = try tensorArgument(args.positional[0], "vector_norm")
      let ord = try normOrder(args.argument(1, "ord"), default: 2, "vector_norm")
      let dims = try normDims(args.argument(2, "dim"), "vector_norm")
      let keep = args.argument(3, "keepdim")?.isTruthy ?? false
      return .tensor(try vectorNorm(x, ord: ord, dims: dims, keepdim: keep))
    }
    m.add(
      "matrix_norm", "matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False)",
      "'fro': √Σa²; 'nuc': Σσ; 2 / -2: the largest / smallest singular value (2-D A)."
    ) { (args, _) throws(ReplError) in
      try args.check("matrix_norm", positional: 1, 4, keywords: ["ord", "dim", "keepdim"])
      let a = try tensorArgument(args.positional[0], "matrix_norm")
      let keep = args.argument(3, "keepdim")?.isTruthy ?? false
      return .tensor(try matrixNorm(a, args.argument(1, "ord") ?? .str("fro"), keepdim: keep))
    }
    m.add(
      "norm", "norm(x, ord=None, dim=None, keepdim=False)",
      "The 2-norm of all elements (ord=None), a vector norm along one dim, or a matrix norm "
        + "of a 2-D x (or with a pair of dims)."
    ) { (args, _) throws(ReplError) in
      try args.check("norm", positional: 1, 4, keywords: ["ord", "dim", "keepdim"])
      let x = try tensorArgument(args.positional[0], "norm")
      let ordValue = args.argument(1, "ord")
      let dims = try normDims(args.argument(2, "dim"), "norm")
      let keep = args.argument(3, "keepdim")?.isTruthy ?? false
      let givenOrd = ordValue.flatMap { $0.isNone ? nil : $0 }
      if let ordValue = givenOrd, (dims?.count == 2) || (dims == nil && x.ndim == 2) {
        return .tensor(try matrixNorm(x, ordValue, keepdim: keep))
      }
      if givenOrd != nil, dims == nil, x.ndim != 1 {
        throw ReplError(
          "RuntimeError", "linalg.norm: with ord, the input must be 1-D or 2-D, or dim given")
      }
      let ord = try normOrder(givenOrd, default: 2, "norm")
      return .tensor(try vectorNorm(x, ord: ord, dims: dims, keepdim: keep))
    }
    m.add(
      "svdvals", "svdvals(A)", "The singular values of a 2-D A, largest first (differentiable)."
    ) { (args, _) throws(ReplError) in
      try args.check("svdvals", positional: 1, 1)
      let a = try tensorArgument(args.positional[0], "svdvals")
      return .tensor(try engine { try a.singularValues() })
    }
    m.add(
      "eigvals", "eigvals(A)",
      "All eigenvalues of a square A (or of each matrix of a batch), a complex tensor; "
        + "eigvals(W).abs().max() is the spectral radius. Records no graph."
    ) { (args, _) throws(ReplError) in
      try args.check("eigvals", positional: 1, 1)
      let a = try tensorArgument(args.positional[0], "eigvals")
      return .object(ComplexTensorObject(try engine { try a.eigenvalues() }))
    }
    return ModuleObject(
      name: "torch.linalg", doc: "Norms, singular values and eigenvalues.", members: m.values)
  }

  /// The `ord` of a vector norm: a number, inf or -inf.
  private static func normOrder(_ v: RValue?, default d: Double, _ function: String)
    throws(ReplError) -> Double
  {
    guard let v, !v.isNone else { return d }
    return try v.number(for: function)
  }

  /// `dim` as None, an int or a tuple of ints.
  private static func normDims(_ v: RValue?, _ function: String) throws(ReplError) -> [Int]? {
    guard let v, !v.isNone else { return nil }
    return try dimensions(v, function)
  }

  /// ‖x‖_p over `dims`:
  ///
  /// ```
  /// p = 2: √Σx²   p = ∞: max|x|   p = −∞: min|x|   p = 0: #(x ≠ 0)   else (Σ|x|^p)^(1/p)
  /// ```
  static func vectorNorm(_ x: Tensor, ord: Double, dims: [Int]?, keepdim: Bool)
    throws(ReplError) -> Tensor
  {
    let source = x.dtype.isFloatingPoint ? x : try engine { try x.float() }
    return try engine {
      if ord == 2 { return try source.norm(dims: dims, keepdim: keepdim) }
      if ord.isInfinite {
        var a = try source.abs()
        guard let dims else { return ord > 0 ? try a.max() : try a.min() }
        for d in dims.map({ $0 < 0 ? $0 + source.ndim : $0 }).sorted(by: >) {
          a =
            ord > 0
            ? try a.max(dim: d, keepdim: true).values : try a.min(dim: d, keepdim: true).values
        }
        return keepdim ? a : try a.sum(dims: dims, keepdim: false)
      }
      if ord == 0 {
        let nonzero = try source.ne(Tensor.full([], value: 0, dtype: source.dtype)).to(source.dtype)
        return try nonzero.sum(dims: dims, keepdim: keepdim)
      }
      if ord == 1 { return try source.abs().sum(dims: dims, keepdim: keepdim) }
      return try source.abs().pow(ord).sum(dims: dims, keepdim: keepdim).pow(1 / ord)
    }
  }

  /// A matrix norm of a 2-D tensor: 'fro', 'nuc', 2 or -2 (also 1, -1, inf, -inf: the largest
  /// or smallest column or row sum of |a|).
  static func matrixNorm(_ a: Tensor, _ ord: RValue, keepdim: Bool) throws(ReplError) -> Tensor {
    guard a.ndim >= 2 else {
      throw ReplError(
        "RuntimeError",
        "linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    }
    guard a.ndim > 2 else { return try singleMatrixNorm(a, ord, keepdim: keepdim) }
    // A batch (…, m, n): one norm per matrix, stacked into the batch's shape.
    let batch = Array(a.shape.dropLast(2))
    let matrices = try engine { try a.reshape([-1] + Array(a.shape.suffix(2))) }
    var norms: [Tensor] = []
    for k in 0..<matrices.shape[0] {
      let matrix = try engine { try matrices[.at(k)] }
      norms.append(try singleMatrixNorm(matrix, ord, keepdim: false))
    }
    let stacked = try engine { try Tensor.stack(norms, dim: 0) }
    return try engine { try stacked.reshape(batch + (keepdim ? [1, 1] : [])) }
  }

  /// The norm of one (m, n) matrix.
  private static func singleMatrixNorm(_ a: Tensor, _ ord: RValue, keepdim: Bool)
    throws(ReplError) -> Tensor
  {
    let shape = keepdim ? [1, 1] : []
    switch ord {
    case .str("fro"): return try engine { try a.norm(dims: [0, 1], keepdim: keepdim) }
    case .str("nuc"): return try engine { try a.singularValues().sum().reshape(shape) }
    default: break
    }
    let p = try ord.number(for: "matrix_norm")
    return try engine {
      switch p {
      case 2: return try a.singularValues().max().reshape(shape)
      case -2: return try a.singularValues().min().reshape(shape)
      case 1, -1:
        let sums = try a.abs().sum(dims: [0])
        return try (p > 0 ? sums.max() : sums.min()).reshape(shape)
      case .infinity, -.infinity:
        let sums = try a.abs().sum(dims: [1])
        return try (p > 0 ? sums.max() : sums.min()).reshape(shape)
      default:
        throw TensorError(
          .invalidArgument, "linalg.matrix_norm: ord must be 'fro', 'nuc', 2, -2, 1, -1 or inf")
      }
    }
  }
}
