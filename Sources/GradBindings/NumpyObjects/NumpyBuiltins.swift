// The `numpy` module (`import numpy as np`): creation functions, dtypes,
// ufuncs with `out=`, reductions, joins, comparisons of whole arrays,
// `np.linalg.norm`, `np.random` and .npy files. Arrays share the tensor
// engine's storage, so `torch.from_numpy(a)` and `t.numpy()` see each
// other's in-place changes.

import Foundation
import GradLanguage
import GradTensor

enum NumpyBuiltins: BuiltinProvider {
  static func register(in table: inout BuiltinTable) {
    let random = NumpyRandom.module()
    let linalg = linalgModule()
    var m = TorchBuiltins.Members()
    addCreation(&m)
    addUfuncs(&m)
    addReductions(&m)
    addJoins(&m)
    NumpyFiles.add(&m)
    for dtype in DType.allCases {
      m.values[dtype == .bool ? "bool_" : dtype.rawValue] = .object(NumpyTypeObject(dtype))
    }
    m.values["bool"] = .object(NumpyTypeObject(.bool))
    m.values["ndarray"] = .object(TypeObject(name: "numpy.ndarray"))
    m.values["pi"] = .float(Double.pi)
    m.values["e"] = .float(M_E)
    m.values["inf"] = .float(.infinity)
    m.values["nan"] = .float(.nan)
    m.values["newaxis"] = RValue.none
    m.values["random"] = .object(random)
    m.values["linalg"] = .object(linalg)
    let numpy = ModuleObject(
      name: "numpy",
      doc: "NumPy's arrays, sharing memory with tensors (t.numpy(), torch.from_numpy(a)).",
      members: m.values)
    table.add("numpy", value: .object(numpy))
  }

  // MARK: - Creation

  private static func addCreation(_ m: inout TorchBuiltins.Members) {
    m.add(
      "array", "array(data, dtype=None)",
      "An array from nested lists, a tensor or an array (copied): ints give int64, floats float64."
    ) { (args, _) throws(ReplError) in
      try args.check("array", positional: 1, 1, keywords: ["dtype", "copy"])
      return try wrapArray(
        try arrayData(args.positional[0], "array", dtype: try dtypeKeyword(args, "array")))
    }
    m.add(
      "asarray", "asarray(data, dtype=None)",
      "The array itself when it already is one of that dtype, otherwise like np.array."
    ) { (args, _) throws(ReplError) in
      try args.check("asarray", positional: 1, 1, keywords: ["dtype"])
      let dtype = try dtypeKeyword(args, "asarray")
      if let a = args.positional[0].ndarray, dtype == nil || dtype == a.dtype { return .object(a) }
      return try wrapArray(try arrayData(args.positional[0], "asarray", dtype: dtype))
    }
    for (name, fill, doc) in [
      ("zeros", 0.0, "An array of zeros (float64 unless dtype= says otherwise)."),
      ("ones", 1.0, "An array of ones (float64 unless dtype= says otherwise)."),
      ("empty", 0.0, "An array whose values are unspecified (here: zeros)."),
    ] {
      m.add(name, "\(name)(shape, dtype=float64)", doc) { (args, _) throws(ReplError) in
        try args.check(name, positional: 1, 1, keywords: ["dtype"])
        let shape = try dimensions(args.positional[0], name)
        return try filled(shape, fill, try dtypeKeyword(args, name) ?? .float64, name)
      }
      m.add(
        name + "_like", "\(name)_like(a, dtype=None)", "An array shaped like a, of \(name)."
      ) { (args, _) throws(ReplError) in
        try args.check(name + "_like", positional: 1, 1, keywords: ["dtype"])
        let a = try arrayData(args.positional[0], name + "_like")
        return try filled(a.shape, fill, try dtypeKeyword(args, name) ?? a.dtype, name)
      }
    }
    m.add(
      "full", "full(shape, fill_value, dtype=None)",
      "An array of the given shape filled with one value."
    ) { (args, _) throws(ReplError) in
      try args.check("full", positional: 2, 2, keywords: ["dtype"])
      let shape = try dimensions(args.positional[0], "full")
      let value = try arrayData(args.positional[1], "full")
      let dtype = try dtypeKeyword(args, "full") ?? value.dtype
      try checkCount(shape, "full")
      return try wrapArray(try value.converted(to: dtype).broadcast(to: shape))
    }
    m.add(
      "arange", "arange(start=0, stop, step=1, dtype=None)",
      "Evenly spaced values in [start, stop): int64 when all arguments are ints."
    ) { (args, _) throws(ReplError) in
      try args.check("arange", positional: 1, 3, keywords: ["dtype", "step", "start", "stop"])
      var numbers: [RValue] = args.positional
      if let step = args.keyword("step") { numbers.append(step) }
      let values = numbers.map(\.asDouble)
      guard values.allSatisfy({ $0 != nil }) else {
        throw ReplError.type("arange() expects numbers")
      }
      let xs = values.compactMap { $0 }
      let (start, stop, step) =
        xs.count == 1 ? (0, xs[0], 1) : (xs[0], xs[1], xs.count > 2 ? xs[2] : 1)
      guard step != 0 else { throw NumpyMessages.arangeStep() }
      let allInts = numbers.allSatisfy { if case .float = $0 { false } else { true } }
      let count = max(0, Int(((stop - start) / step).rounded(.up)))
      try checkListSize(count, "arange")
      let dtype = try dtypeKeyword(args, "arange") ?? (allInts ? .int64 : .float64)
      if allInts, dtype == .int64 {
        let (s, d) = (Int64(start), Int64(step))
        return try wrapArray(
          NDData(dtype: .int64, shape: [count], values: .int((0..<count).map { s + Int64($0) * d }))
        )
      }
      return try wrapArray(
        NDData(shape: [count], doubles: (0..<count).map { start + Double($0) * step }, dtype: dtype)
      )
    }
    m.add(
      "linspace", "linspace(start, stop, num=50, endpoint=True, dtype=None)",
      "num evenly spaced values from start to stop (inclusive unless endpoint=False)."
    ) { (args, _) throws(ReplError) in
      try args.check("linspace", positional: 2, 3, keywords: ["num", "endpoint", "dtype"])
      let start = try args.positional[0].number(for: "linspace")
      let stop = try args.positional[1].number(for: "linspace")
      let num =
        try args.argument(2, "num").map { (v) throws(ReplError) in try v.integer(for: "linspace") }
        ?? 50
      guard num >= 0 else {
        throw ReplError.value("Number of samples, \(num), must be non-negative.")
      }
      try checkListSize(num, "linspace")
      let endpoint = args.flag("endpoint", default: true)
      let divisions = Double(endpoint ? num - 1 : num)
      let step = (stop - start) / divisions
      // x_i = start + i · step, with the last one exactly stop.
      var xs = (0..<num).map { start + Double($0) * step }
      if endpoint && num > 1 { xs[num - 1] = stop }
      if num == 1 { xs = [start] }
      return try wrapArray(
        NDData(shape: [num], doubles: xs, dtype: try dtypeKeyword(args, "linspace") ?? .float64))
    }
    m.add("eye", "eye(N, M=None, dtype=float64)", "The identity matrix (ones on the diagonal).") {
      (args, _) throws(ReplError) in
      try args.check("eye", positional: 1, 2, keywords: ["M", "dtype"])
      let n = try args.positional[0].integer(for: "eye")
      let mColumns =
        try args.argument(1, "M").map { (v) throws(ReplError) in try v.integer(for: "eye") } ?? n
      guard n >= 0, mColumns >= 0 else {
        throw ReplError.value("negative dimensions are not allowed")
      }
      try checkListSize(n * mColumns, "eye")
      var xs = [Double](repeating: 0, count: n * mColumns)
      for i in 0..<min(n, mColumns) { xs[i * mColumns + i] = 1 }
      return try wrapArray(
        NDData(shape: [n, mColumns], doubles: xs, dtype: try dtypeKeyword(args, "eye") ?? .float64))
    }
  }

  /// An array of `shape` with every element `value`.
  private static func filled(_ shape: [Int], _ value: Double, _ dtype: DType, _ name: String)
    throws(ReplError) -> RValue
  {
    try checkCount(shape, name)
    let n = shape.reduce(1, *)
    return try wrapArray(
      NDData(shape: shape, doubles: [Double](repeating: value, count: n), dtype: dtype))
  }

  // MARK: - Ufuncs

  static let binaryUfuncNames = [
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "remainder", "mod",
    "power", "maximum", "minimum", "logical_and", "logical_or", "logical_xor",
  ]
  static let unaryUfuncNames =
    floatUfuncs.keys.sorted() + [
      "negative", "abs", "absolute", "square", "sign", "floor", "ceil", "rint", "trunc",
      "isnan", "isinf", "isfinite", "logical_not",
    ]

  private static func addUfuncs(_ m: inout TorchBuiltins.Members) {
    for name in binaryUfuncNames {
      m.add(name, "\(name)(x1, x2, out=None)", "Elementwise \(name), broadcasting x1 and x2.") {
        (args, _) throws(ReplError) in
        try args.check(name, positional: 2, 3, keywords: ["out"])
        let a = try ndOperand(args.positional[0], name)
        let b = try ndOperand(args.positional[1], name)
        return try deliver(try binaryUfunc(name, a, b), args, outPosition: 2, name)
      }
    }
    for name in unaryUfuncNames {
      m.add(name, "\(name)(x, out=None)", "Elementwise \(name).") { (args, _) throws(ReplError) in
        try args.check(name, positional: 1, 2, keywords: ["out"])
        let a = try ndOperand(args.positional[0], name)
        return try deliver(try unaryUfunc(name, a.data), args, outPosition: 1, name)
      }
    }
    for name in ["round", "around"] {
      m.add(
        name, "\(name)(a, decimals=0, out=None)",
        "Each element rounded to decimals places (negative: to tens, hundreds), halves to even."
      ) { (args, _) throws(ReplError) in
        try args.check(name, positional: 1, 3, keywords: ["decimals", "out"])
        let a = try ndOperand(args.positional[0], name)
        let decimals = try args.argument(1, "decimals")?.integer(for: name) ?? 0
        return try deliver(try numpyRound(a.data, decimals: decimals), args, outPosition: 2, name)
      }
    }
    m.add("clip", "clip(a, a_min, a_max, out=None)", "Values limited to [a_min, a_max].") {
      (args, _) throws(ReplError) in
      try args.check("clip", positional: 1, 4, keywords: ["out", "a_min", "a_max", "min", "max"])
      let a = try ndOperand(args.positional[0], "clip")
      let low = args.argument(1, "a_min") ?? args.keyword("min")
      let high = args.argument(2, "a_max") ?? args.keyword("max")
      return try deliver(try clip(a, low, high), args, outPosition: 3, "clip")
    }
    m.add("where", "where(condition, x, y)", "x where condition is true, y elsewhere.") {
      (args, _) throws(ReplError) in
      try args.check("where", positional: 1, 3)
      let condition = try arrayData(args.positional[0], "where")
      if args.positional.count == 1 {
        // The positions of the true elements, one array per dimension (np.nonzero).
        return try nonzero(condition)
      }
      guard args.positional.count == 3 else {
        throw ReplError.value("either both or neither of x and y should be given")
      }
      let x = try ndOperand(args.positional[1], "where")
      let y = try ndOperand(args.positional[2], "where")
      let dtype = x.resultType(with: y)
      let shape = try broadcastShape([condition.shape, x.data.shape, y.data.shape])
      let c = try condition.broadcast(to: shape).bools
      let xs = try x.data.converted(to: dtype).broadcast(to: shape)
      let ys = try y.data.converted(to: dtype).broadcast(to: shape)
      let picks = (0..<c.count).map { c[$0] ? $0 : c.count + $0 }
      var joined = xs.reshaped([c.count])
      joined = try concatenated([joined, ys.reshaped([c.count])], axis: 0)
      return try wrapResult(joined.gathered(picks, shape: shape))
    }
    m.add("nonzero", "nonzero(a)", "The positions of the non-zero elements, one array per axis.") {
      (args, _) throws(ReplError) in
      try args.check("nonzero", positional: 1, 1)
      return try nonzero(try arrayData(args.positional[0], "nonzero"))
    }
    m.add("dot", "dot(a, b)", "The matrix product for 2-D, the inner product for 1-D arrays.") {
      (args, _) throws(ReplError) in
      try args.check("dot", positional: 2, 2)
      return try wrapResult(
        try dot(try arrayData(args.positional[0], "dot"), try arrayData(args.positional[1], "dot")))
    }
    m.add("matmul", "matmul(a, b)", "The matrix product a @ b (batched over leading axes).") {
      (args, _) throws(ReplError) in
      try args.check("matmul", positional: 2, 2)
      return try wrapResult(
        try matmul(
          try arrayData(args.positional[0], "matmul"), try arrayData(args.positional[1], "matmul")))
    }
    for name in ["allclose", "isclose"] {
      m.add(
        name, "\(name)(a, b, rtol=1e-05, atol=1e-08)",
        "Whether |a − b| ≤ atol + rtol·|b|, elementwise (isclose) or for every element (allclose)."
      ) { (args, _) throws(ReplError) in
        try args.check(name, positional: 2, 4, keywords: ["rtol", "atol", "equal_nan"])
        let a = try arrayData(args.positional[0], name)
        let b = try arrayData(args.positional[1], name)
        let rtol = try args.argument(2, "rtol")?.number(for: name) ?? 1e-5
        let atol = try args.argument(3, "atol")?.number(for: name) ?? 1e-8
        let equalNaN = args.flag("equal_nan", default: false)
        let close = try comparison(a, b) { x, y in
          if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
          if x.isInfinite || y.isInfinite { return x == y }
          return abs(x - y) <= atol + rtol * abs(y)
        }
        if name == "isclose" { return try wrapResult(close) }
        return .bool(close.bools.allSatisfy { $0 })
      }
    }
    m.add("array_equal", "array_equal(a, b)", "Whether a and b have the same shape and elements.") {
      (args, _) throws(ReplError) in
      try args.check("array_equal", positional: 2, 2)
      let a = try arrayData(args.positional[0], "array_equal")
      let b = try arrayData(args.positional[1], "array_equal")
      guard a.shape == b.shape else { return .bool(false) }
      return .bool(try comparison(a, b, ==).bools.allSatisfy { $0 })
    }
  }

  /// The result of a ufunc, written into `out=` when given (that array is returned, its
  /// storage changed in place) or returned as a new array.
  private static func deliver(_ result: NDData, _ args: Arguments, outPosition: Int, _ name: String)
    throws(ReplError) -> RValue
  {
    var outValue = args.keyword("out")
    if outValue == nil, args.positional.count > outPosition {
      outValue = args.positional[outPosition]
    }
    if case .tuple(let t) = outValue ?? .none, t.count == 1 { outValue = t.first }
    guard let outValue, !outValue.isNone else { return try wrapResult(result) }
    guard let out = outValue.ndarray, !out.isScalar else {
      throw ReplError.type("return arrays must be of ArrayType")
    }
    try storeUfuncResult(result, into: out, name)
    return outValue
  }

  /// A ufunc's result written into `out` (`out=`, or `a += b`): broadcast to out's shape and
  /// cast to its dtype under NumPy's same-kind rule.
  static func storeUfuncResult(_ result: NDData, into out: NDArrayObject, _ name: String)
    throws(ReplError)
  {
    guard try broadcastShape([out.shape, result.shape]) == out.shape else {
      throw NumpyMessages.outShape(out.shape, result.shape)
    }
    guard result.dtype.canCastInPlace(to: out.dtype) else {
      throw NumpyMessages.outCast(name, result.dtype, out.dtype)
    }
    try store(try result.converted(to: out.dtype).broadcast(to: out.shape), into: out.tensor)
  }

  /// `np.nonzero(a)`: a tuple of int64 arrays, the coordinates of each true element.
  private static func nonzero(_ a: NDData) throws(ReplError) -> RValue {
    let bs = a.bools
    let hits = bs.indices.filter { bs[$0] }
    let shape = a.shape.isEmpty ? [1] : a.shape
    let strides = contiguousStrides(shape)
    var arrays: [RValue] = []
    for k in 0..<shape.count {
      let coordinates = hits.map { Int64(($0 / strides[k]) % shape[k]) }
      arrays.append(
        try wrapArray(NDData(dtype: .int64, shape: [hits.count], values: .int(coordinates))))
    }
    return .tuple(TupleItems(arrays))
  }

  // MARK: - Reductions

  private static func addReductions(_ m: inout TorchBuiltins.Members) {
    for name in NDArrayObject.reductionNames {
      m.add(name, "\(name)(a, axis=None, keepdims=False)", "np.\(name) over all or over axis.") {
        (args, _) throws(ReplError) in
        guard let first = args.positional.first else {
          throw ReplError.type("\(name)() missing required argument 'a'")
        }
        return try reductionCall(name, try arrayData(first, name), args, skippingFirst: true)
      }
    }
    m.values["amax"] = m.values["max"]
    m.values["amin"] = m.values["min"]
    m.add("shape", "shape(a)", "The shape of a, as a tuple.") { (args, _) throws(ReplError) in
      try args.check("shape", positional: 1, 1)
      return .tuple(TupleItems(try arrayData(args.positional[0], "shape").shape.map(RValue.int)))
    }
    m.add("reshape", "reshape(a, shape)", "a with a new shape (a view when possible).") {
      (args, _) throws(ReplError) in
      try args.check("reshape", positional: 2, 2)
      let a = try asArrayObject(args.positional[0], "reshape")
      return .object(NDArrayObject(try a.reshaped(try dimensions(args.positional[1], "reshape"))))
    }
    m.add("transpose", "transpose(a)", "a with its axes reversed (a view).") {
      (args, _) throws(ReplError) in
      try args.check("transpose", positional: 1, 1)
      return .object(
        NDArrayObject(try asArrayObject(args.positional[0], "transpose").transposed(nil)))
    }
  }

  // MARK: - Joins

  private static func addJoins(_ m: inout TorchBuiltins.Members) {
    for name in ["concatenate", "stack", "vstack", "hstack"] {
      m.add(name, "\(name)(arrays, axis=0)", "Arrays joined along an axis (\(name)).") {
        (args, _) throws(ReplError) in
        try args.check(name, positional: 1, 2, keywords: ["axis"])
        let items: [RValue]
        switch args.positional[0] {
        case .list(let l): items = l.items
        case .tuple(let t): items = Array(t)
        default: throw ReplError.type("\(name)(): expected a list or tuple of arrays")
        }
        var parts: [NDData] = []
        for item in items { parts.append(try arrayData(item, name)) }
        guard !parts.isEmpty else { throw NumpyMessages.emptyJoin }
        var axis = try args.argument(1, "axis")?.integer(for: name) ?? 0
        switch name {
        case "stack":
          guard parts.allSatisfy({ $0.shape == parts[0].shape }) else {
            throw NumpyMessages.stackShapes
          }
          let d = parts[0].shape.count + 1
          if axis < 0 { axis += d }
          guard axis >= 0, axis < d else { throw NumpyMessages.axis(axis, d) }
          parts = parts.map { p in
            var s = p.shape
            s.insert(1, at: axis)
            return p.reshaped(s)
          }
        case "vstack":
          parts = parts.map { $0.shape.count < 2 ? $0.reshaped([1, $0.count]) : $0 }
          axis = 0
        case "hstack":
          parts = parts.map { $0.shape.isEmpty ? $0.reshaped([1]) : $0 }
          axis = parts[0].shape.count == 1 ? 0 : 1
        default: break
        }
        return try wrapArray(try concatenated(parts, axis: axis))
      }
    }
  }

  private static func linalgModule() -> ModuleObject {
    var m = TorchBuiltins.Members()
    m.add(
      "norm", "norm(x, axis=None, keepdims=False)",
      "The Euclidean (Frobenius) norm √(Σ x²), over all or over axis."
    ) { (args, _) throws(ReplError) in
      try args.check("norm", positional: 1, 2, keywords: ["axis", "keepdims", "ord"])
      let x = try arrayData(args.positional[0], "norm")
      let floatType: DType = x.dtype.isFloatingPoint ? x.dtype : .float64
      let f = x.converted(to: floatType)
      let squares = try elementwise(f, f, as: floatType, float: *)
      let axes = try reductionAxes(args.argument(1, "axis"), ndim: x.shape.count)
      let s = sumReduction(
        squares, axes: axes, keepDims: args.flag("keepdims", default: false), as: floatType)
      return try wrapResult(
        NDData(shape: s.shape, doubles: s.doubles.map { $0.squareRoot() }, dtype: floatType))
    }
    return ModuleObject(
      name: "numpy.linalg", doc: "Linear algebra: norm.", members: m.values)
  }
}

/// The `dtype=` keyword read as a NumPy dtype.
func dtypeKeyword(_ args: Arguments, _ function: String) throws(ReplError) -> DType? {
  guard let v = args.keyword("dtype"), !v.isNone else { return nil }
  return try numpyDType(v, function)
}

/// Refuses shapes with negative sizes or more elements than a list may hold.
func checkCount(_ shape: [Int], _ function: String) throws(ReplError) {
  guard shape.allSatisfy({ $0 >= 0 }) else {
    throw ReplError.value("negative dimensions are not allowed")
  }
  var n = 1
  for s in shape {
    let (p, overflow) = n.multipliedReportingOverflow(by: s)
    guard !overflow else { throw ReplError("MemoryError", "\(function)(): the shape is too large") }
    n = p
  }
  try checkListSize(n, function)
}

/// The array object for a value, making one when it is a list or number.
func asArrayObject(_ v: RValue, _ function: String) throws(ReplError) -> NDArrayObject {
  if let a = v.ndarray { return a }
  return NDArrayObject(try arrayData(v, function).tensor())
}

/// Arrays joined along `axis`: every other dimension must match.
func concatenated(_ parts: [NDData], axis given: Int) throws(ReplError) -> NDData {
  let first = parts[0]
  let d = first.shape.count
  guard d > 0 else { throw ReplError.value("zero-dimensional arrays cannot be concatenated") }
  let axis = given < 0 ? given + d : given
  guard axis >= 0, axis < d else { throw NumpyMessages.axis(given, d) }
  var dtype = first.dtype
  for p in parts {
    guard p.shape.count == d else {
      throw ReplError.value(
        "all the input arrays must have same number of dimensions, but the array at index 0 "
          + "has \(d) dimension(s) and another has \(p.shape.count) dimension(s)")
    }
    for k in 0..<d where k != axis && p.shape[k] != first.shape[k] {
      throw NumpyMessages.concatenate(k)
    }
    dtype = promoted(dtype, p.dtype)
  }
  var shape = first.shape
  shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
  let outer = first.shape[..<axis].reduce(1, *)
  let converted = parts.map { $0.converted(to: dtype) }
  let inner = first.shape[(axis + 1)...].reduce(1, *)
  switch dtype {
  case .int64:
    let lists = converted.map(\.ints)
    var out: [Int64] = []
    for o in 0..<outer {
      for (p, xs) in zip(converted, lists) {
        let run = p.shape[axis] * inner
        out += xs[(o * run)..<((o + 1) * run)]
      }
    }
    return NDData(dtype: .int64, shape: shape, values: .int(out))
  default:
    let lists = converted.map(\.doubles)
    var out: [Double] = []
    for o in 0..<outer {
      for (p, xs) in zip(converted, lists) {
        let run = p.shape[axis] * inner
        out += xs[(o * run)..<((o + 1) * run)]
      }
    }
    return NDData(shape: shape, doubles: out, dtype: dtype)
  }
}
