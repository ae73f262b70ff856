// The bridge between the language's values and GradTensor's: engine errors
// become REPL errors named as PyTorch names them, numbers and nested lists
// become tensors, tensors become numbers and lists again, and the small value
// kinds PyTorch shows around tensors (`torch.Size`, `torch.float32`,
// `<MulBackward0>`) get their own runtime objects.

import Foundation
import GradLanguage
import GradTensor

// MARK: - Errors

/// Runs engine code and turns whatever it throws into a `ReplError`.
///
/// Errors from REPL functions called back by the engine (hooks, gradcheck) pass through
/// unchanged.
@discardableResult
func engine<T>(_ body: () throws -> T) throws(ReplError) -> T {
  do {
    return try body()
  } catch let error as ReplError {
    throw error
  } catch let error as TensorError {
    throw replError(error)
  } catch {
    throw ReplError("RuntimeError", "\(error)")
  }
}

/// The REPL error for an engine error, with the exception name PyTorch uses for it.
func replError(_ error: TensorError) -> ReplError {
  let message = promptSpelling(error.message)
  switch error.kind {
  case .indexOutOfRange:
    return ReplError("IndexError", message)
  case .io:
    let missing = error.message.contains("No such file") || error.message.contains("not exist")
    return ReplError(missing ? "FileNotFoundError" : "OSError", message)
  case .shapeMismatch
  where error.message.hasPrefix("cross_entropy")
    || error.message.hasPrefix("Expected input batch_size"):
    return ReplError("ValueError", message)
  case .anomaly:
    var e = ReplError("RuntimeError", message)
    e.showsSourceLine = true
    return e
  case .shapeMismatch, .dtypeMismatch, .invalidArgument, .autograd, .memory:
    return ReplError("RuntimeError", message)
  }
}

/// The engine's advice is written for Swift callers; at the prompt it names the REPL's
/// spelling of the same thing.
private func promptSpelling(_ message: String) -> String {
  var text = message
  for (swift, prompt) in [
    ("backward(retainGraph: true)", "backward(retain_graph=True)"),
    ("backward(gradient:)", "backward(gradient=...)"),
    ("noGrad { ... }", "torch.no_grad(fn)"),
    ("retainGraph: true", "retain_graph=True"),
    ("; use a smaller shape or raise MemoryLimit.bytes", "; use a smaller shape"),
    ("learningRate", "lr"), ("weightDecay", "weight_decay"), ("epsilon ≥", "eps ≥"),
  ] {
    text = text.replacingOccurrences(of: swift, with: prompt)
  }
  return text
}

/// The TypeError for a micrograd `Value` where a tensor was expected.
func valueTensorMix(_ what: String) -> ReplError {
  .type(
    "\(what): micrograd Values and tensors do not mix. Use v.data for the number "
      + "(torch.tensor(v.data)), or build the whole computation from one kind")
}

// MARK: - Values to tensors

extension RValue {
  /// The tensor this value wraps, if it is one.
  var tensor: Tensor? {
    if case .object(let o) = self, let t = o as? TensorObject { return t.tensor }
    return nil
  }

  /// The value wrapped as a runtime tensor.
  static func tensor(_ t: Tensor) -> RValue { .object(TensorObject(t)) }
}

/// The tensor argument, or a TypeError naming the function.
func tensorArgument(_ v: RValue, _ function: String) throws(ReplError) -> Tensor {
  if let t = v.tensor { return t }
  if case .value = v { throw valueTensorMix("\(function)()") }
  if case .object(is ComplexTensorObject) = v {
    throw ComplexTensorObject.noArithmetic("\(function)() of a complex tensor")
  }
  throw ReplError.type("\(function)(): expected a Tensor, got '\(v.typeName)'")
}

/// A tensor, or a number made into a 0-d tensor that combines with `partner` as PyTorch
/// combines a Python scalar: the partner's dtype when it is floating point; int64 for an int
/// (or bool) next to an integer tensor; float32 for a float next to an integer tensor.
func operand(_ v: RValue, partner: Tensor, _ what: String) throws(ReplError) -> Tensor {
  if let t = v.tensor { return t }
  let dtype: DType
  let x: Double
  switch v {
  case .int(let n):
    x = Double(n)
    dtype = partner.dtype.isFloatingPoint ? partner.dtype : .int64
  case .bool(let b):
    x = b ? 1 : 0
    dtype =
      partner.dtype == .bool ? .bool : (partner.dtype.isFloatingPoint ? partner.dtype : .int64)
  case .float(let f):
    x = f
    dtype = partner.dtype.isFloatingPoint ? partner.dtype : .float32
  case .value: throw valueTensorMix(what)
  default:
    throw ReplError.type("\(what): expected a Tensor or a number, got '\(v.typeName)'")
  }
  if case .int(let n) = v, dtype == .int64 {
    // Exact, where a Double would round integers past 2⁵³.
    return try engine { try Tensor([Int64(n)], shape: []) }
  }
  return try engine { try Tensor.full([], value: x, dtype: dtype) }
}

/// Nested lists deeper than this are refused before they can exhaust the stack.
private let maximumLiteralDepth = 64

/// A nested list of numbers (or one number) as the engine's literal, like `torch.tensor`'s
/// argument. One-element tensors inside the list count as their number.
func tensorLiteral(_ v: RValue, depth: Int = 0) throws(ReplError) -> TensorLiteral {
  guard depth < maximumLiteralDepth else {
    throw ReplError.value("tensor(): the nested list is too deep (more than 64 levels)")
  }
  switch v {
  case .int(let n): return .int(Int64(n))
  case .float(let x): return .float(x)
  case .bool(let b): return .bool(b)
  case .list(let box):
    var items: [TensorLiteral] = []
    items.reserveCapacity(box.items.count)
    for item in box.items { items.append(try tensorLiteral(item, depth: depth + 1)) }
    return .list(items)
  case .tuple(let t):
    var items: [TensorLiteral] = []
    for item in t { items.append(try tensorLiteral(item, depth: depth + 1)) }
    return .list(items)
  case .value: throw valueTensorMix("tensor()")
  case .object(let o):
    if let t = (o as? TensorObject)?.tensor {
      if t.ndim == 0 {
        let x = try engine { try t.item() }
        switch t.dtype {
        case .int64: return .int(Int64(x))
        case .bool: return .bool(x != 0)
        case .float32, .float64: return .float(x)
        }
      }
      return t.toLiteral()
    }
  default: break
  }
  throw ReplError.type(
    "tensor(): could not make a tensor from '\(v.typeName)' (expected numbers or nested lists)")
}

// MARK: - Tensors to values

/// The number a one-element tensor holds: int for int64, bool for bool, float otherwise.
func scalarValue(_ t: Tensor) throws(ReplError) -> RValue {
  let x = try engine { try t.item() }
  switch t.dtype {
  case .int64: return .int(Int(t.toInt64Array().first ?? 0))
  case .bool: return .bool(x != 0)
  case .float32, .float64: return .float(x)
  }
}

/// A literal (from `tolist()`) as nested lists of numbers.
func listValue(_ l: TensorLiteral) -> RValue {
  switch l {
  case .float(let x): return .float(x)
  case .int(let n): return .int(Int(n))
  case .bool(let b): return .bool(b)
  case .list(let items): return .list(ListBox(items.map(listValue)))
  }
}

// MARK: - Arguments

/// Upper bound on one dimension given at the prompt (the memory cap catches real excess).
private let maximumDimension = 1 << 40

extension Arguments {
  /// A shape given as separate integers `f(2, 3)` or one sequence `f((2, 3))`, starting at
  /// positional `start`; or the keyword `size`.
  func shape(_ function: String, from start: Int = 0) throws(ReplError) -> [Int] {
    let rest = Array(positional.dropFirst(start))
    if rest.isEmpty, let size = keyword("size") { return try dimensions(size, function) }
    if rest.count == 1 {
      switch rest[0] {
      case .tuple, .list, .object: return try dimensions(rest[0], function)
      default: break
      }
    }
    var out: [Int] = []
    for v in rest { out.append(try dimension(v, function)) }
    return out
  }

  /// The integer keyword `name`, or `defaultValue`.
  func integer(_ name: String, _ function: String, default defaultValue: Int) throws(ReplError)
    -> Int
  {
    guard let v = keyword(name), !v.isNone else { return defaultValue }
    return try v.integer(for: function)
  }

  /// The bool keyword `name`, or `defaultValue`.
  func flag(_ name: String, default defaultValue: Bool) -> Bool {
    keyword(name)?.isTruthy ?? defaultValue
  }

  /// The `dtype=` keyword, if given.
  func dtype(_ function: String) throws(ReplError) -> DType? {
    guard let v = keyword("dtype"), !v.isNone else { return nil }
    return try dtypeArgument(v, function)
  }
}

/// The integers of a shape value: a tuple, a list or a `torch.Size`.
func dimensions(_ v: RValue, _ function: String) throws(ReplError) -> [Int] {
  let items: [RValue]
  switch v {
  case .tuple(let t): items = t.array
  case .list(let l): items = l.items
  case .object(let o as SizeObject): items = o.dimensions.map(RValue.int)
  default: return [try dimension(v, function)]
  }
  var out: [Int] = []
  for item in items { out.append(try dimension(item, function)) }
  return out
}

/// One dimension: an integer within reach (negative values are left to the engine, which
/// reads -1 as "infer this one" where that makes sense).
func dimension(_ v: RValue, _ function: String) throws(ReplError) -> Int {
  let n = try v.integer(for: function)
  guard n <= maximumDimension else {
    throw ReplError("RuntimeError", "\(function)(): dimension \(n) is too large")
  }
  return n
}

/// A dtype given as `torch.float32` or as a string such as `'float64'`.
func dtypeArgument(_ v: RValue, _ function: String) throws(ReplError) -> DType {
  if case .object(let o as DTypeObject) = v { return o.dtype }
  if case .str(let s) = v {
    let name = s.hasPrefix("torch.") ? String(s.dropFirst(6)) : s
    switch name {
    case "float32", "float": return .float32
    case "float64", "double": return .float64
    case "int64", "long": return .int64
    case "bool": return .bool
    default: break
    }
  }
  throw ReplError.type(
    "\(function)(): dtype must be torch.float32, torch.float64, torch.int64 or torch.bool, "
      + "got \(v.typeName)")
}

// MARK: - Small objects

/// A dtype constant (`torch.float32`); equal to another of the same type.
final class DTypeObject: MemberTableObject {
  let dtype: DType
  init(_ dtype: DType) { self.dtype = dtype }

  var typeName: String { "torch.dtype" }
  func repr() -> String { dtype.torchName }
  static let members = MemberTable<DTypeObject>([
    .attribute("is_floating_point", "whether its elements are floating-point numbers") {
      .bool($0.dtype.isFloatingPoint)
    }
  ])

  var helpText: String {
    "\(dtype.torchName): the element type of a tensor (\(dtype.byteSize) bytes each)"
      + (dtype.isFloatingPoint ? "; can require gradients" : "; cannot require gradients")
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .equal || op == .notEqual else { return nil }
    var same = false
    if case .object(let o as DTypeObject) = other { same = o.dtype == dtype }
    return .bool(op == .equal ? same : !same)
  }
}

/// A tensor's shape (`torch.Size([2, 3])`): a tuple of ints that prints as PyTorch prints it.
final class SizeObject: MemberTableObject {
  let dimensions: [Int]
  init(_ dimensions: [Int]) { self.dimensions = dimensions }

  var typeName: String { "torch.Size" }
  func repr() -> String {
    "torch.Size([" + dimensions.map(String.init).joined(separator: ", ") + "])"
  }
  static let members = MemberTable<SizeObject>([
    .method("numel", "numel()", "the number of elements a tensor of this shape has") {
      (size, arguments, _) throws(ReplError) in
      try arguments.check("numel", positional: 0)
      var n = 1
      for d in size.dimensions {
        let (p, overflow) = n.multipliedReportingOverflow(by: d)
        guard !overflow else { throw ReplError.overflow("numel() does not fit in 64 bits") }
        n = p
      }
      return .int(n)
    }
  ])

  var helpText: String {
    "torch.Size: a tensor's shape, a tuple of \(dimensions.count) int(s); index it, unpack it, "
      + "len() it, compare it with a tuple."
  }
  var isTruthy: Bool { !dimensions.isEmpty }
  var length: Int? { dimensions.count }

  func items() throws(ReplError) -> [RValue]? { dimensions.map(RValue.int) }

  func item(_ index: RValue) throws(ReplError) -> RValue? {
    if case .object(let o as SliceObject) = index {
      return .object(SizeObject(try o.select(dimensions.map(RValue.int)).compactMap(\.asInt)))
    }
    guard let i = index.asInt else {
      throw ReplError.type("tuple indices must be integers or slices, not \(index.typeName)")
    }
    let k = i < 0 ? i &+ dimensions.count : i
    guard k >= 0, k < dimensions.count else { throw ReplError.index("tuple index out of range") }
    return .int(dimensions[k])
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .equal || op == .notEqual else { return nil }
    var theirs: [Int]?
    switch other {
    case .tuple(let t):
      theirs = t.compactMap(\.asInt).count == t.count ? t.compactMap(\.asInt) : nil
    case .list(let l):
      theirs =
        l.items.compactMap(\.asInt).count == l.items.count ? l.items.compactMap(\.asInt) : nil
    case .object(let o as SizeObject): theirs = o.dimensions
    default: theirs = nil
    }
    let same = theirs == dimensions
    return .bool(op == .equal ? same : !same)
  }
}

/// The node that made a tensor (`y.grad_fn`), shown as PyTorch shows it: `<MulBackward0>`.
final class GradFnObject: MemberTableObject {
  let name: String
  init(_ name: String) { self.name = name }

  var typeName: String { name }
  func repr() -> String { "<\(name) object>" }
  static let members = MemberTable<GradFnObject>([
    .method("name", "name()", "the backward rule's name, e.g. MulBackward0") {
      (node, arguments, _) throws(ReplError) in
      try arguments.check("name", positional: 0)
      return .str(node.name)
    }
  ])

  var helpText: String {
    "\(name): the backward rule that will send this tensor's gradient to its inputs"
  }
}

/// What `x.max(dim)`, `sort`, `topk` and `median` return: a pair `(values, indices)` that
/// PyTorch names `torch.return_types.max`. It unpacks, indexes and has `.values` and
/// `.indices`, and prints as PyTorch prints it.
final class ReturnTypesObject: MemberTableObject {
  /// The function that made it: `max`, `min`, `sort`, `topk`, `median`.
  let function: String
  let values: Tensor
  let indices: Tensor

  init(_ function: String, values: Tensor, indices: Tensor) {
    self.function = function
    self.values = values
    self.indices = indices
  }

  var typeName: String { "torch.return_types.\(function)" }
  func repr() -> String {
    "torch.return_types.\(function)(\nvalues=\(values.description),\n"
      + "indices=\(indices.description))"
  }

  static let members = MemberTable<ReturnTypesObject>([
    .attribute("values", "the selected elements (gradients flow back through them)") {
      .tensor($0.values)
    },
    .attribute("indices", "where each selected element was, as int64 positions") {
      .tensor($0.indices)
    },
  ])

  var helpText: String {
    "\(typeName): a pair (values, indices); unpack it (v, i = x.\(function)(...)), index it "
      + "([0], [1]) or read .values and .indices"
  }
  var length: Int? { 2 }

  func items() throws(ReplError) -> [RValue]? { [.tensor(values), .tensor(indices)] }

  func item(_ index: RValue) throws(ReplError) -> RValue? {
    let pair: [RValue] = [.tensor(values), .tensor(indices)]
    if case .object(let o as SliceObject) = index { return .tuple(TupleItems(try o.select(pair))) }
    guard let i = index.asInt else {
      throw ReplError.type("tuple indices must be integers or slices, not \(index.typeName)")
    }
    let k = i < 0 ? i &+ 2 : i
    guard k == 0 || k == 1 else { throw ReplError.index("tuple index out of range") }
    return pair[k]
  }
}

/// Where a tensor's elements live (`torch.device('cpu')`). This build computes on the CPU
/// only: a CUDA device can be named, but no tensor can be moved to it.
final class DeviceObject: MemberTableObject {
  /// `cpu` or `cuda`.
  let type: String
  /// The device number, for `cuda:0`.
  let index: Int?

  init(_ type: String, index: Int? = nil) {
    self.type = type
    self.index = index
  }

  /// The device a string names (`'cpu'`, `'cuda'`, `'cuda:1'`), or a RuntimeError.
  static func parse(_ text: String) throws(ReplError) -> DeviceObject {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    let kind = parts.first ?? ""
    guard ["cpu", "cuda", "mps"].contains(kind) else {
      throw ReplError(
        "RuntimeError",
        "Expected one of cpu, cuda, mps device type at start of device string: \(text)")
    }
    if parts.count == 2 {
      guard let n = Int(parts[1]), n >= 0 else {
        throw ReplError("RuntimeError", "Invalid device string: '\(text)'")
      }
      return DeviceObject(kind, index: n)
    }
    return DeviceObject(kind)
  }

  var name: String { index.map { "\(type):\($0)" } ?? type }
  var typeName: String { "torch.device" }
  func repr() -> String {
    index.map { "device(type='\(type)', index=\($0))" } ?? "device(type='\(type)')"
  }
  func str(showing show: (RValue) -> String) -> String { name }

  static let members = MemberTable<DeviceObject>([
    .attribute("type", "the kind of device: 'cpu' or 'cuda'") { .str($0.type) },
    .attribute("index", "the device number, or None") { $0.index.map(RValue.int) ?? .none },
  ])

  var helpText: String {
    "torch.device('\(name)'): where tensors live; this build computes on the CPU only"
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .equal || op == .notEqual else { return nil }
    var same = false
    if case .object(let o as DeviceObject) = other { same = o.name == name }
    if case .str(let s) = other { same = s == name }
    return .bool(op == .equal ? same : !same)
  }
}

/// The error for moving a tensor to a GPU.
func onlyCPUError(_ device: String) -> ReplError {
  ReplError(
    "RuntimeError",
    "this build of gradrepl computes on the CPU only, so tensors cannot move to '\(device)'; "
      + "leave out .to('\(device)') / .cuda() (torch.cuda.is_available() is False)")
}

/// PyTorch's legacy type name of a dtype on the CPU: `torch.FloatTensor`.
func legacyTensorTypeName(_ dtype: DType) -> String {
  switch dtype {
  case .float32: "torch.FloatTensor"
  case .float64: "torch.DoubleTensor"
  case .int64: "torch.LongTensor"
  case .bool: "torch.BoolTensor"
  }
}
