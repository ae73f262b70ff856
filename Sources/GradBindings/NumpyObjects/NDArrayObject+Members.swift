// An array's members under NumPy's names, in one table: attributes, shape
// changes, conversions and the reductions (which NumPy also offers as
// `np.sum(a, axis=...)`; both spellings go through `reductionRow`).

import GradLanguage
import GradTensor

extension NDArrayObject {
  typealias Row = Member<NDArrayObject>

  static let members = MemberTable<NDArrayObject>(
    attributeRows + shapeRows + conversionRows + reductionNames.map(reductionRow))

  private static let attributeRows: [Row] = [
    .attribute("shape", "the size of each dimension, a tuple") {
      .tuple(TupleItems($0.shape.map(RValue.int)))
    },
    .attribute("dtype", "the element type: float64, float32, int64 or bool") {
      .object(NumpyDTypeObject($0.dtype))
    },
    .attribute("ndim", "the number of dimensions") { .int($0.tensor.ndim) },
    .attribute("size", "the number of elements") { .int($0.tensor.count) },
    .attribute("itemsize", "bytes per element") { .int($0.dtype.byteSize) },
    .attribute("nbytes", "bytes of all elements") { .int($0.dtype.byteSize * $0.tensor.count) },
    .attribute("T", "the transpose (axes reversed), a view") { o throws(ReplError) in
      .object(NDArrayObject(try o.transposed(nil)))
    },
  ]

  private static let shapeRows: [Row] = [
    .method("reshape", "reshape(*shape)", "the same elements in a new shape (-1 is inferred)") {
      (o, args, _) throws(ReplError) in
      try args.check("reshape", positional: 0, Int.max, keywords: ["shape"])
      return .object(NDArrayObject(try o.reshaped(try args.shape("reshape"))))
    },
    .method("transpose", "transpose(*axes)", "the axes permuted (reversed by default), a view") {
      (o, args, _) throws(ReplError) in
      try args.check("transpose", positional: 0, Int.max)
      let axes = args.positional.isEmpty ? nil : try args.shape("transpose")
      return .object(NDArrayObject(try o.transposed(axes)))
    },
    .method("flatten", "flatten()", "a 1-D copy") { (o, args, _) throws(ReplError) in
      try args.check("flatten", positional: 0)
      return try wrapArray(o.data.reshaped([o.tensor.count]))
    },
    .method("ravel", "ravel()", "the elements in 1-D (a view when possible)") {
      (o, args, _) throws(ReplError) in
      try args.check("ravel", positional: 0)
      return .object(NDArrayObject(try o.reshaped([o.tensor.count])))
    },
    .method("squeeze", "squeeze()", "the array without its axes of length 1") {
      (o, args, _) throws(ReplError) in
      try args.check("squeeze", positional: 0)
      return .object(NDArrayObject(try o.reshaped(o.shape.filter { $0 != 1 })))
    },
  ]

  private static let conversionRows: [Row] = [
    .method("astype", "astype(dtype)", "a copy converted to dtype") {
      (o, args, _) throws(ReplError) in
      try args.check("astype", positional: 1, 1)
      return try wrapArray(o.data.converted(to: try numpyDType(args.positional[0], "astype")))
    },
    .method(
      "round", "round(decimals=0)",
      "each element rounded to decimals places (negative: to tens, hundreds), halves to even"
    ) { (o, args, _) throws(ReplError) in
      try args.check("round", positional: 0, 1, keywords: ["decimals"])
      let decimals = try args.argument(0, "decimals")?.integer(for: "round") ?? 0
      let result = try numpyRound(o.data, decimals: decimals)
      return try wrapResult(result)
    },
    .method("copy", "copy()", "a copy with its own memory") { (o, args, _) throws(ReplError) in
      try args.check("copy", positional: 0)
      return try wrapArray(o.data)
    },
    .method("tolist", "tolist()", "the elements as nested Python lists") {
      (o, args, _) throws(ReplError) in
      try args.check("tolist", positional: 0)
      return try o.pythonValues()
    },
    .method("item", "item()", "the single element as a Python number") {
      (o, args, _) throws(ReplError) in
      try args.check("item", positional: 0)
      guard o.tensor.count == 1 else { throw NumpyMessages.itemSize }
      return try o.pythonValues(flat: true)
    },
    .method("fill", "fill(value)", "sets every element to value, in place") {
      (o, args, _) throws(ReplError) in
      try args.check("fill", positional: 1, 1)
      let v = try ndOperand(args.positional[0], "fill").data.converted(to: o.dtype)
      try store(try v.broadcast(to: o.shape), into: o.tensor)
      return .none
    },
    .method("dot", "dot(b)", "the matrix or inner product with b") {
      (o, args, _) throws(ReplError) in
      try args.check("dot", positional: 1, 1)
      return try wrapResult(try dot(o.data, try arrayData(args.positional[0], "dot")))
    },
    .method("clip", "clip(min, max)", "values limited to [min, max]") {
      (o, args, _) throws(ReplError) in
      try args.check("clip", positional: 0, 2, keywords: ["min", "max"])
      return try wrapResult(
        try clip(
          NDOperand(data: o.data, isPythonScalar: false), args.argument(0, "min"),
          args.argument(1, "max")))
    },
  ]

  /// The view with axes permuted (reversed when nil).
  func transposed(_ axes: [Int]?) throws(ReplError) -> Tensor {
    let t = tensor
    let order = axes ?? Array((0..<t.ndim).reversed())
    guard order.count == t.ndim, Set(order.map { $0 < 0 ? $0 + t.ndim : $0 }) == Set(0..<t.ndim)
    else { throw ReplError.value("axes don't match array") }
    let normal = order.map { $0 < 0 ? $0 + t.ndim : $0 }
    let storage = t.storage
    return try engine {
      try Tensor.viewing(
        storage, shape: normal.map { t.shape[$0] }, strides: normal.map { t.strides[$0] },
        offset: t.storageOffset)
    }
  }

  /// A view in the new shape when the elements are laid out row-major, a copy otherwise.
  func reshaped(_ requested: [Int]) throws(ReplError) -> Tensor {
    let n = tensor.count
    var shape = requested
    let known = requested.filter { $0 != -1 }.reduce(1, *)
    if let i = requested.firstIndex(of: -1) {
      guard requested.filter({ $0 == -1 }).count == 1 else {
        throw ReplError.value("can only specify one unknown dimension")
      }
      guard known > 0, n % known == 0 else { throw NumpyMessages.reshape(n, requested) }
      shape[i] = n / known
    }
    guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == n else {
      throw NumpyMessages.reshape(n, requested)
    }
    let t = tensor
    if t.isContiguous {
      let storage = t.storage
      let (s, offset) = (shape, t.storageOffset)
      return try engine {
        try Tensor.viewing(storage, shape: s, strides: contiguousStrides(s), offset: offset)
      }
    }
    return try data.reshaped(shape).tensor()
  }

  /// The elements as Python numbers, nested like the array (or the first one when `flat`).
  func pythonValues(flat: Bool = false) throws(ReplError) -> RValue {
    let d = data
    try checkListSize(d.count, "tolist()")
    let scalars: [RValue]
    switch d.values {
    case .float(let xs): scalars = xs.map(RValue.float)
    case .int(let ns): scalars = ns.map { .int(Int($0)) }
    case .bool(let bs): scalars = bs.map(RValue.bool)
    }
    if flat || d.shape.isEmpty { return scalars.first ?? .none }
    func nest(_ axis: Int, _ start: Int) -> RValue {
      let stride = d.shape[(axis + 1)...].reduce(1, *)
      if axis == d.shape.count - 1 {
        return .list(ListBox(Array(scalars[start..<(start + d.shape[axis])])))
      }
      return .list(ListBox((0..<d.shape[axis]).map { nest(axis + 1, start + $0 * stride) }))
    }
    return nest(0, 0)
  }

  static let reductionNames = [
    "sum", "mean", "max", "min", "argmax", "argmin", "std", "var", "prod", "any", "all",
  ]

  /// `a.sum(axis=None, keepdims=False)` and its kin.
  private static func reductionRow(_ name: String) -> Row {
    .method(name, "\(name)(axis=None, keepdims=False)", reductionDocs[name] ?? name) {
      (o, args, _) throws(ReplError) in
      try reductionCall(name, o.data, args, skippingFirst: false)
    }
  }
}

private let reductionDocs = [
  "sum": "Σ of the elements, over all or over axis",
  "mean": "the average of the elements, over all or over axis",
  "max": "the largest element, over all or over axis",
  "min": "the smallest element, over all or over axis",
  "argmax": "the position of the largest element (flattened when no axis)",
  "argmin": "the position of the smallest element (flattened when no axis)",
  "std": "the standard deviation √(Σ(x − mean)² / (n − ddof))",
  "var": "the variance Σ(x − mean)² / (n − ddof)",
  "prod": "the product of the elements, over all or over axis",
  "any": "whether any element is true", "all": "whether every element is true",
]

/// Runs a reduction with NumPy's arguments: `axis`, `keepdims`, `ddof` (std and var).
func reductionCall(_ name: String, _ a: NDData, _ args: Arguments, skippingFirst: Bool)
  throws(ReplError) -> RValue
{
  let first = skippingFirst ? 1 : 0
  var allowed: Set<String> = ["axis", "keepdims"]
  if name == "std" || name == "var" { allowed.insert("ddof") }
  try args.check(name, positional: first, first + 1, keywords: allowed)
  let axisValue = args.argument(first, "axis")
  let keep = args.flag("keepdims", default: false)
  let ddof = try args.integer("ddof", name, default: 0)
  if name.hasPrefix("arg"), axisValue == nil || axisValue?.isNone == true {
    return try wrapResult(try flatArgReduction(name, a))
  }
  let axes = try reductionAxes(axisValue, ndim: a.shape.count)
  return try wrapResult(try reduce(name, a, axes: axes, keepDims: keep, ddof: ddof))
}

/// `np.dot`: matmul for arrays of one or two dimensions, elementwise product for numbers.
func dot(_ a: NDData, _ b: NDData) throws(ReplError) -> NDData {
  if a.shape.isEmpty || b.shape.isEmpty {
    return try binaryUfunc(
      "multiply", NDOperand(data: a, isPythonScalar: false),
      NDOperand(data: b, isPythonScalar: false))
  }
  return try matmul(a, b)
}

/// `np.clip(a, lo, hi)`: min(max(a, lo), hi); either bound may be None.
func clip(_ a: NDOperand, _ low: RValue?, _ high: RValue?) throws(ReplError) -> NDData {
  var result = a
  if let low, !low.isNone {
    result = NDOperand(
      data: try binaryUfunc("maximum", result, try ndOperand(low, "clip")), isPythonScalar: false)
  }
  if let high, !high.isNone {
    result = NDOperand(
      data: try binaryUfunc("minimum", result, try ndOperand(high, "clip")), isPythonScalar: false)
  }
  return result.data
}

// MARK: - Dtypes

/// `a.dtype`: shown as `dtype('float64')`, printed as `float64`, equal to `np.float64` and to
/// the string `'float64'`.
final class NumpyDTypeObject: MemberTableObject {
  let dtype: DType
  init(_ dtype: DType) { self.dtype = dtype }

  var typeName: String { "numpy.dtype" }
  func repr() -> String { "dtype('\(numpyName(dtype))')" }
  func str(showing show: (RValue) -> String) -> String { numpyName(dtype) }
  static let members = MemberTable<NumpyDTypeObject>([
    .attribute("name", "the dtype's name") { .str(numpyName($0.dtype)) },
    .attribute("itemsize", "bytes per element") { .int($0.dtype.byteSize) },
  ])

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .equal || op == .notEqual else { return nil }
    let same = (try? numpyDType(other, "==")) == dtype
    return .bool(op == .equal ? same : !same)
  }
}

/// `np.float64` and its kin: a scalar type, callable to make a NumPy scalar.
final class NumpyTypeObject: RuntimeObject {
  let dtype: DType
  init(_ dtype: DType) { self.dtype = dtype }

  var typeName: String { "type" }
  func repr() -> String { "<class 'numpy.\(dtype == .bool ? "bool" : numpyName(dtype))'>" }

  func call(_ arguments: Arguments, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    try arguments.check(numpyName(dtype), positional: 0, 1)
    guard let v = arguments.positional.first else {
      return try wrapResult(NDData(shape: [], doubles: [0], dtype: dtype))
    }
    let d = try arrayData(v, numpyName(dtype), dtype: dtype)
    return try wrapResult(d)
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .equal || op == .notEqual else { return nil }
    let same = (try? numpyDType(other, "==")) == dtype
    return .bool(op == .equal ? same : !same)
  }
}

/// A dtype given as `np.float32`, `a.dtype`, `torch.float32`, a string such as `'float64'`,
/// or Python's `float`, `int`, `bool`.
func numpyDType(_ v: RValue, _ function: String) throws(ReplError) -> DType {
  switch v {
  case .object(let o as NumpyTypeObject): return o.dtype
  case .object(let o as NumpyDTypeObject): return o.dtype
  case .object(let o as DTypeObject): return o.dtype
  case .builtin(let f):
    switch f.name {
    case "float": return .float64
    case "int": return .int64
    case "bool": return .bool
    default: break
    }
  case .str(let s):
    switch s {
    case "float64", "float", "f8", "double", "<f8": return .float64
    case "float32", "f4", "single", "<f4": return .float32
    case "int64", "int", "i8", "<i8": return .int64
    case "bool", "bool_", "?": return .bool
    default: break
    }
  default: break
  }
  throw NumpyMessages.dtype(function, v.typeName == "str" ? "\(v)" : v.typeName)
}
