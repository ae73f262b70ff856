// `ndarray` at the prompt: NumPy's array over the tensor engine's storage,
// so `t.numpy()` and `torch.from_numpy(a)` share memory with the tensor they
// came from. An array is a strided view (its `tensor` never requires grad);
// arithmetic reads its values, computes with NumPy's promotion and
// broadcasting, and stores the result in fresh storage.

import Foundation
import GradLanguage
import GradTensor

/// A NumPy array, or a NumPy scalar (`np.float64(2.5)`) when `isScalar`: a 0-d array that
/// prints as a number.
final class NDArrayObject: MemberTableObject {
  let tensor: Tensor
  let isScalar: Bool

  init(_ tensor: Tensor, scalar: Bool = false) {
    self.tensor = tensor
    isScalar = scalar && tensor.ndim == 0
  }

  var data: NDData { NDData(tensor) }
  var dtype: DType { tensor.dtype }
  var shape: [Int] { tensor.shape }

  var typeName: String { isScalar ? "numpy." + numpyName(dtype) : "numpy.ndarray" }

  func repr() -> String {
    guard isScalar else { return arrayRepr(data) }
    let x = tensor.toDoubleArray().first ?? 0
    switch dtype {
    case .bool: return x != 0 ? "np.True_" : "np.False_"
    case .int64: return "np.int64(\(tensor.toInt64Array().first ?? 0))"
    case .float32, .float64: return "np.\(numpyName(dtype))(\(scalarText(x, dtype: dtype)))"
    }
  }

  func str(showing show: (RValue) -> String) -> String {
    if isScalar || tensor.ndim == 0 {
      if dtype == .int64 { return String(tensor.toInt64Array().first ?? 0) }
      return scalarText(tensor.toDoubleArray().first ?? 0, dtype: dtype)
    }
    return arrayText(data, separator: " ", prefixWidth: 0, suffixWidth: 0)
  }

  var summary: String {
    isScalar ? repr() : shapeTuple(shape) + " " + numpyName(dtype) + " ndarray"
  }

  var helpText: String {
    if isScalar { return "numpy.\(numpyName(dtype)) scalar \(repr())" }
    return """
      numpy.ndarray of shape \(shapeTuple(shape)), dtype \(numpyName(dtype)) \
      (\(tensor.count) element\(tensor.count == 1 ? "" : "s"))
      \(wrapped("Attributes:", NDArrayObject.members.names(of: [.attribute])))
      \(wrapped("Methods:", NDArrayObject.members.names(of: [.method]).sorted()))
      Operators: + - * / // % ** @ and comparisons (broadcasting); indexing a[i], a[:, j],
        a[::-1], a[[0, 2]], a[a > 0], and assignment through any of them.
      """
  }

  var isTruthy: Bool {
    // NumPy raises for more than one element; a truth test cannot, so those count as true.
    guard tensor.count == 1 else { return tensor.count > 1 }
    return (tensor.toDoubleArray().first ?? 0) != 0
  }

  var length: Int? { tensor.ndim == 0 ? nil : shape[0] }

  func items() throws(ReplError) -> [RValue]? {
    guard tensor.ndim > 0 else { throw ReplError.type("iteration over a 0-d array") }
    try checkListSize(shape[0], "iterating over an array")
    var out: [RValue] = []
    for i in 0..<shape[0] { out.append(try subscripted([.at(i)])) }
    return out
  }

  func contains(_ item: RValue) throws(ReplError) -> Bool? {
    let other = try ndOperand(item, "in")
    return try comparison(data, other.data, ==).bools.contains(true)
  }

  // MARK: Operators

  func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard let result = try result(op, other, reflected: reflected) else { return nil }
    return try wrapResult(result)
  }

  /// `a op= b` writes into a's own storage, as NumPy does, so a tensor sharing it sees the
  /// change; the dtype stays a's (NumPy's "Cannot cast ufunc 'add' output ..." otherwise).
  func inPlaceBinary(_ op: BinaryOperator, _ other: RValue) throws(ReplError) -> RValue? {
    guard !isScalar, let result = try result(op, other, reflected: false) else { return nil }
    try NumpyBuiltins.storeUfuncResult(result, into: self, Self.ufuncName(op) ?? "matmul")
    return .object(self)
  }

  /// `self op other` as NumPy computes it; nil when `other` is not an array operand.
  private func result(_ op: BinaryOperator, _ other: RValue, reflected: Bool)
    throws(ReplError) -> NDData?
  {
    if other.tensor != nil { return nil }
    guard let o = try? ndOperand(other, op.rawValue) else { return nil }
    let me = NDOperand(data: data, isPythonScalar: false)
    let (a, b) = reflected ? (o, me) : (me, o)
    if op == .matrixMultiply { return try matmul(a.data, b.data) }
    guard let name = Self.ufuncName(op) else { return nil }
    return try binaryUfunc(name, a, b)
  }

  /// The ufunc behind an operator.
  private static func ufuncName(_ op: BinaryOperator) -> String? {
    switch op {
    case .add: return "add"
    case .subtract: return "subtract"
    case .multiply: return "multiply"
    case .divide: return "divide"
    case .floorDivide: return "floor_divide"
    case .modulo: return "remainder"
    case .power: return "power"
    case .bitAnd: return "logical_and"
    case .bitOr: return "logical_or"
    case .bitXor: return "logical_xor"
    default: return nil
    }
  }

  func unary(_ op: UnaryOperator) throws(ReplError) -> RValue? {
    switch op {
    case .negate: return try wrapResult(try unaryUfunc("negative", data))
    case .plus: return try wrapResult(data)
    case .invert:
      guard dtype == .bool || dtype == .int64 else {
        throw ReplError.type("ufunc 'invert' not supported for the input types")
      }
      if case .int(let ns) = data.values {
        return try wrapResult(NDData(dtype: .int64, shape: shape, values: .int(ns.map { ~$0 })))
      }
      return try wrapResult(
        NDData(dtype: .bool, shape: shape, values: .bool(data.bools.map { !$0 })))
    default: return nil
    }
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    if other.tensor != nil { return nil }
    guard let o = try? ndOperand(other, op.rawValue) else {
      if op == .equal || op == .notEqual { return .bool(op == .notEqual) }
      return nil
    }
    let (a, b) = reflected ? (o.data, data) : (data, o.data)
    let test: (Double, Double) -> Bool
    switch op {
    case .equal: test = (==)
    case .notEqual: test = (!=)
    case .less: test = (<)
    case .lessOrEqual: test = (<=)
    case .greater: test = (>)
    case .greaterOrEqual: test = (>=)
    case .isIn, .notIn, .isSame, .isNotSame: return nil
    }
    return try wrapResult(try comparison(a, b, test))
  }

  // MARK: Indexing

  func item(_ index: RValue) throws(ReplError) -> RValue? {
    try subscripted(indexEntries(index))
  }

  func setItem(_ index: RValue, _ value: RValue) throws(ReplError) -> Bool {
    let entries = try indexEntries(index)
    let source = try ndOperand(value, "assignment").data.converted(to: dtype)
    let selection = try select(entries)
    switch selection {
    case .view(let view):
      let values = try source.broadcast(to: view.shape)
      try store(values, into: view)
    case .positions(let positions, let resultShape):
      let values = try source.broadcast(to: resultShape)
      let t = tensor
      switch values.values {
      case .float(let xs): try engine { try t.setElements(xs, atFlat: positions) }
      case .int(let ns): try engine { try t.setElements(ns.map { Double($0) }, atFlat: positions) }
      case .bool(let bs): try engine { try t.setElements(bs.map { $0 ? 1 : 0 }, atFlat: positions) }
      }
    }
    return true
  }

  private func subscripted(_ entries: [IndexEntry]) throws(ReplError) -> RValue {
    switch try select(entries) {
    case .view(let view):
      return .object(NDArrayObject(view, scalar: view.ndim == 0))
    case .positions(let positions, let resultShape):
      return try wrapResult(data.gathered(positions, shape: resultShape))
    }
  }
}

/// Writes `values` (already of the view's shape and dtype) through a view into its storage.
func store(_ values: NDData, into view: Tensor) throws(ReplError) {
  switch values.values {
  case .float(let xs): try engine { try view.setElements(xs) }
  case .int(let ns): try engine { try view.setElements(ns) }
  case .bool(let bs): try engine { try view.setElements(bs) }
  }
}

/// A computed result at the prompt: a NumPy scalar when it is 0-d, an array otherwise.
func wrapResult(_ data: NDData) throws(ReplError) -> RValue {
  .object(NDArrayObject(try data.tensor(), scalar: data.shape.isEmpty))
}

/// A fresh array (never a scalar, even 0-d: `np.array(5)`).
func wrapArray(_ data: NDData) throws(ReplError) -> RValue {
  .object(NDArrayObject(try data.tensor()))
}

extension RValue {
  /// The array this value wraps, if it is one.
  var ndarray: NDArrayObject? {
    if case .object(let o as NDArrayObject) = self { return o }
    return nil
  }
}

/// A value as an operand of NumPy arithmetic: arrays and NumPy scalars keep their dtype;
/// Python numbers are weak (they take the other operand's dtype); lists become arrays;
/// tensors are copied.
func ndOperand(_ v: RValue, _ function: String) throws(ReplError) -> NDOperand {
  switch v {
  case .int(let n):
    return NDOperand(
      data: NDData(dtype: .int64, shape: [], values: .int([Int64(n)])), isPythonScalar: true)
  case .float(let x):
    return NDOperand(
      data: NDData(dtype: .float64, shape: [], values: .float([x])), isPythonScalar: true)
  case .bool(let b):
    return NDOperand(
      data: NDData(dtype: .bool, shape: [], values: .bool([b])), isPythonScalar: true)
  default:
    return NDOperand(data: try arrayData(v, function), isPythonScalar: false)
  }
}

/// The values of anything `np.array` accepts: arrays, tensors (copied), numbers and nested
/// lists or tuples of them.
func arrayData(_ v: RValue, _ function: String, dtype: DType? = nil) throws(ReplError) -> NDData {
  var data: NDData
  switch v {
  case .object(let o as NDArrayObject): data = o.data
  case .object(let o as TensorObject): data = NDData(o.tensor)
  case .int, .float, .bool, .list, .tuple: data = try literalData(v, function)
  default: throw NumpyMessages.notAnArray(function, v.typeName)
  }
  if let dtype, dtype != data.dtype { data = data.converted(to: dtype) }
  return data
}

/// Nested lists of numbers as row-major values: ints give int64, any float float64, bools
/// alone bool, as `np.array` infers.
private func literalData(_ v: RValue, _ function: String) throws(ReplError) -> NDData {
  var shape: [Int] = []
  var probe = v
  while true {
    switch probe {
    case .list(let box):
      shape.append(box.items.count)
      guard let first = box.items.first else { break }
      probe = first
      continue
    case .tuple(let items):
      shape.append(items.count)
      guard let first = items.first else { break }
      probe = first
      continue
    case .object(let o as NDArrayObject):
      shape += o.shape
    default: break
    }
    break
  }
  guard shape.count <= 32 else { throw ReplError.value("\(function)(): too many dimensions") }
  var doubles: [Double] = []
  var ints: [Int64] = []
  var kind = DType.bool
  var sawAny = false
  func walk(_ x: RValue, _ depth: Int) throws(ReplError) {
    if depth < shape.count {
      let items: [RValue]
      switch x {
      case .list(let box): items = box.items
      case .tuple(let t): items = Array(t)
      case .object(let o as NDArrayObject) where !o.isScalar:
        let d = o.data
        guard Array(shape[depth...]) == d.shape else { throw NumpyMessages.ragged(depth) }
        kind = sawAny ? promoted(kind, d.dtype) : d.dtype
        sawAny = true
        doubles += d.doubles
        ints += d.ints
        return
      default: throw NumpyMessages.ragged(depth)
      }
      guard items.count == shape[depth] else { throw NumpyMessages.ragged(depth) }
      for item in items { try walk(item, depth + 1) }
      return
    }
    let itemKind: DType
    switch x {
    case .bool(let b):
      itemKind = .bool
      doubles.append(b ? 1 : 0)
      ints.append(b ? 1 : 0)
    case .int(let n):
      itemKind = .int64
      doubles.append(Double(n))
      ints.append(Int64(n))
    case .float(let f):
      itemKind = .float64
      doubles.append(f)
      ints.append(saturatingInt64(f))
    case .object(let o as NDArrayObject) where o.tensor.count == 1:
      itemKind = o.dtype
      doubles.append(o.tensor.toDoubleArray().first ?? 0)
      ints.append(o.tensor.toInt64Array().first ?? 0)
    case .object(let o as TensorObject) where o.tensor.count == 1:
      itemKind = o.tensor.dtype
      doubles.append(o.tensor.toDoubleArray().first ?? 0)
      ints.append(o.tensor.toInt64Array().first ?? 0)
    case .list, .tuple: throw NumpyMessages.ragged(depth)
    default: throw NumpyMessages.notAnArray(function, x.typeName)
    }
    kind = sawAny ? promoted(kind, itemKind) : itemKind
    sawAny = true
  }
  try walk(v, 0)
  if !sawAny { kind = .float64 }
  switch kind {
  case .int64: return NDData(dtype: .int64, shape: shape, values: .int(ints))
  case .bool: return NDData(dtype: .bool, shape: shape, values: .bool(doubles.map { $0 != 0 }))
  case .float32, .float64: return NDData(dtype: kind, shape: shape, values: .float(doubles))
  }
}
