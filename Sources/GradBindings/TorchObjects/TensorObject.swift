// `Tensor` at the prompt: GradTensor's tensor behind PyTorch's attribute and
// method names, its operators, indexing and printing. Every engine call goes
// through `engine { ... }`, so a bad shape or dtype is one error line and the
// session goes on.

import Foundation
import GradLanguage
import GradTensor

/// A tensor as a runtime value. Several objects may wrap one engine tensor (`x.grad` read
/// twice); they are the same tensor, as the storage checks show.
final class TensorObject: MemberTableObject {
  /// The engine tensor; replaced only by `p.data = t` when t has another dtype or shape.
  var tensor: Tensor
  /// Whether this is an `nn.Parameter`: a tensor a module registers as a weight.
  let isParameter: Bool

  init(_ tensor: Tensor, isParameter: Bool = false) {
    self.tensor = tensor
    self.isParameter = isParameter
  }

  var typeName: String { isParameter ? "Parameter" : "Tensor" }
  var qualifiedTypeName: String { isParameter ? "torch.nn.parameter.Parameter" : "torch.Tensor" }
  func repr() -> String {
    isParameter ? "Parameter containing:\n" + tensor.description : tensor.description
  }
  /// A Parameter is a tensor too: `isinstance(p, torch.Tensor)` holds.
  func isInstance(ofTypeNamed name: String) -> Bool {
    name == "Tensor" || (isParameter && name == "Parameter")
  }

  /// `(2, 2) float32 requires_grad` for `:vars`.
  var summary: String {
    let t = tensor
    var text = shapeText(t.shape) + " " + t.dtype.rawValue
    if t.requiresGrad { text += t.isLeaf ? " requires_grad" : " grad_fn=\(t.gradFnName ?? "")" }
    if t.grad != nil { text += " has grad" }
    return text
  }

  var helpText: String {
    let t = tensor
    let gradLine: String
    if let g = t.grad {
      gradLine =
        "grad: a \(shapeText(g.shape)) tensor, accumulated by every backward()\n"
        + "  (zero it with x.grad.zero_() or an optimizer's zero_grad())"
    } else if t.requiresGrad && t.isLeaf {
      gradLine = "grad: None until backward() runs through a result computed from it"
    } else if t.requiresGrad {
      gradLine = "grad: not kept (an intermediate result; call retain_grad() before backward())"
    } else {
      gradLine = "grad: None (requires_grad is False: autograd does not track it)"
    }
    let origin =
      t.gradFnName.map { "made by \($0) (backward sends its gradient to the inputs)" }
      ?? "a leaf (made directly, not computed from tensors that require grad)"
    return """
      Tensor of shape \(shapeText(t.shape)) (\(t.count) element\(t.count == 1 ? "" : "s")), \
      dtype \(t.dtype.torchName), requires_grad=\(t.requiresGrad ? "True" : "False")
      \(origin)
      \(gradLine)
      \(wrapped("Attributes:", TensorObject.members.names(of: [.attribute, .property])))
      \(wrapped("Methods:", TensorObject.members.names(of: [.method]).sorted()))
      Operators: + - * / ** @ and comparisons, with tensors or numbers on either side
        (broadcasting); indexing x[i], x[:, j], x[a:b:s], x[i] = v.
      """
  }

  /// A one-element tensor is true when its element is non-zero; others count as true (PyTorch
  /// raises for them, which a truth test here cannot).
  var isTruthy: Bool {
    guard tensor.count == 1, let x = try? tensor.item() else { return true }
    return x != 0
  }

  var length: Int? { tensor.ndim == 0 ? nil : tensor.shape[0] }

  func items() throws(ReplError) -> [RValue]? {
    guard tensor.ndim > 0 else { throw ReplError.type("iteration over a 0-d tensor") }
    let t = tensor
    try checkListSize(t.shape[0], "iterating over a tensor")
    var out: [RValue] = []
    for i in 0..<t.shape[0] { out.append(.tensor(try engine { try t.select(dim: 0, index: i) })) }
    return out
  }

  /// `item in x`: whether any element equals item (PyTorch's `(x == item).any()`).
  func contains(_ item: RValue) throws(ReplError) -> Bool? {
    guard item.tensor != nil || item.asDouble != nil else { return nil }
    let t = tensor
    let o = try operand(item, partner: t, "in")
    return try engine { try t.eq(o) }.toBoolArray().contains(true)
  }

  // MARK: Attributes

  // MARK: Operators

  func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    let t = tensor
    let what = "unsupported operand type(s) for \(op.rawValue)"
    if case .value = other { throw valueTensorMix(what) }
    guard other.tensor != nil || other.asDouble != nil else { return nil }
    if op == .matrixMultiply && other.tensor == nil {
      throw ReplError.type(
        "matmul(): argument 'other' must be Tensor, not \(other.typeName)")
    }
    let o = try operand(other, partner: t, what)
    let (a, b) = reflected ? (o, t) : (t, o)
    switch op {
    case .add: return .tensor(try engine { try a.add(b) })
    case .subtract: return .tensor(try engine { try a.sub(b) })
    case .multiply: return .tensor(try engine { try a.mul(b) })
    case .divide: return .tensor(try engine { try a.div(b) })
    case .matrixMultiply: return .tensor(try engine { try a.matmul(b) })
    case .modulo: return .tensor(try engine { try a.remainder(b) })
    case .floorDivide:
      return .tensor(
        try engine {
          if a.dtype.isFloatingPoint || b.dtype.isFloatingPoint { return try (a / b).floor() }
          return try (try a.to(.float64) / b.to(.float64)).floor().to(.int64)
        })
    case .power:
      return .tensor(try power(a, b, exponentWasNumber: !reflected && other.tensor == nil))
    case .bitAnd, .bitOr,
      .bitXor where a.dtype == .bool && b.dtype == .bool:
      return .tensor(try logical(op, a, b))
    default:
      throw ReplError.type(
        "unsupported operand type(s) for \(op.rawValue): 'Tensor' and '\(other.typeName)' "
          + "(tensors take + - * / // % ** @ here, and & | ^ between bool masks)")
    }
  }

  /// `t op= other`, as PyTorch's `__iadd__` family does it:
  ///
  /// - nothing recorded (grad mode off, as in an optimizer step under `torch.no_grad()`, or
  ///   no tensor involved requires grad): the result is written into `t`'s storage, so every
  ///   name, view and shared array sees it; the dtype stays `t`'s (PyTorch's "result type
  ///   Float can't be cast to the desired output type Long" when it cannot);
  /// - recorded, on a leaf that requires grad: PyTorch's error;
  /// - recorded otherwise (`loss += step_loss` in a loop over time steps): this object now
  ///   holds the recorded result `t op other`, so every name bound to it sees the new value
  ///   and its `grad_fn`. The old storage is left as it was, because the graph may have saved
  ///   it for backward (PyTorch writes it and checks versions instead; views taken earlier
  ///   keep the old values here).
  ///
  /// `@=` is not in place in PyTorch either: it rebinds.
  func inPlaceBinary(_ op: BinaryOperator, _ other: RValue) throws(ReplError) -> RValue? {
    guard op != .matrixMultiply, other.tensor != nil || other.asDouble != nil else { return nil }
    let t = tensor
    let what = "unsupported operand type(s) for \(op.rawValue)="
    let o = try operand(other, partner: t, what)
    if GradMode.isEnabled && (t.requiresGrad || o.requiresGrad) {
      if t.requiresGrad && t.isLeaf {
        throw ReplError(
          "RuntimeError",
          "a leaf Variable that requires grad is being used in an in-place operation.")
      }
      guard let result = try binary(op, other, reflected: false)?.tensor else { return nil }
      try Self.checkCast(result.dtype, into: t.dtype)
      tensor = result.dtype == t.dtype ? result : try engine { try result.to(t.dtype) }
      return .object(self)
    }
    switch op {
    case .add: try engine { try t.add_(o) }
    case .subtract: try engine { try t.sub_(o) }
    case .multiply: try engine { try t.mul_(o) }
    case .divide: try engine { try t.div_(o) }
    default:
      // ** % // have no kernel of their own in place: the result is copied in.
      guard let result = try binary(op, other, reflected: false)?.tensor else { return nil }
      try Self.checkCast(result.dtype, into: t.dtype)
      try engine { try t.copy_(result.to(t.dtype)) }
    }
    return .object(self)
  }

  private static func checkCast(_ result: DType, into target: DType) throws(ReplError) {
    guard result.canCastInPlace(to: target) else {
      throw replError(TensorError.inPlaceCast(result, into: target))
    }
  }

  /// `&`, `|`, `^` of two bool masks, elementwise:
  ///
  /// ```
  /// a & b = (a·b ≠ 0)    a | b = (a + b ≠ 0)    a ^ b = (a ≠ b)
  /// ```
  private func logical(_ op: BinaryOperator, _ a: Tensor, _ b: Tensor) throws(ReplError)
    -> Tensor
  {
    try engine {
      if op == .bitXor { return try a.ne(b) }
      let x = try a.long()
      let y = try b.long()
      let combined = op == .bitAnd ? try x * y : try x + y
      return try combined.ne(Tensor([Int64(0)], shape: []))
    }
  }

  func unary(_ op: UnaryOperator) throws(ReplError) -> RValue? {
    switch op {
    case .negate:
      let t = tensor
      return .tensor(try engine { try t.neg() })
    case .plus: return .object(self)
    case .invert:
      let t = tensor
      guard !t.dtype.isFloatingPoint else {
        throw ReplError.type(
          "~ (operator.invert) is only implemented on integer and Boolean-type tensors")
      }
      return .tensor(try engine { try t.bitwiseNot() })
    default: return nil
    }
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    let t = tensor
    guard other.tensor != nil || other.asDouble != nil else {
      if case .value = other { throw valueTensorMix("comparison") }
      return nil
    }
    let o = try operand(other, partner: t, "comparison")
    let (a, b) = reflected ? (o, t) : (t, o)
    switch op {
    case .equal: return .tensor(try engine { try a.eq(b) })
    case .notEqual: return .tensor(try engine { try a.ne(b) })
    case .less: return .tensor(try engine { try a.lt(b) })
    case .lessOrEqual: return .tensor(try engine { try a.le(b) })
    case .greater: return .tensor(try engine { try a.gt(b) })
    case .greaterOrEqual: return .tensor(try engine { try a.ge(b) })
    case .isIn, .notIn, .isSame, .isNotSame: return nil
    }
  }

  // MARK: Indexing

  func item(_ index: RValue) throws(ReplError) -> RValue? {
    let t = tensor
    if let mask = try boolMask(index) { return .tensor(try maskedRows(t, mask)) }
    if let entries = try advancedIndices(index) {
      return .tensor(try engine { try t.index(advanced: entries) })
    }
    let indices = try tensorIndices(index)
    return .tensor(try engine { try t.index(indices) })
  }

  func setItem(_ index: RValue, _ value: RValue) throws(ReplError) -> Bool {
    let t = tensor
    if let mask = try boolMask(index) {
      try setMaskedRows(t, mask, value)
      return true
    }
    let source = try operand(value, partner: t, "assignment")
    if let entries = try advancedIndices(index) {
      try engine { try t.indexPut_(entries, source) }
      return true
    }
    let indices = try tensorIndices(index)
    try engine { try t.setIndex(indices, to: source) }
    return true
  }

  /// The engine's entries for an index that holds an integer array (a list of ints, a
  /// range, an int64 tensor of one or more dimensions), alone or in a tuple with ints and
  /// slices: `x[[0, 2]]`, `x[:, idx]`, `x[range(n), y]`. Nil for ordinary indices.
  private func advancedIndices(_ index: RValue) throws(ReplError) -> [AdvancedIndex]? {
    var items: [RValue] = []
    if case .tuple(let parts) = index {
      for part in parts { items.append(part) }
    } else {
      items = [index]
    }
    var entries: [AdvancedIndex] = []
    var sawArray = false
    for item in items {
      if let positions = try integerArray(item) {
        entries.append(.tensor(positions))
        sawArray = true
      } else {
        entries.append(.basic(try tensorIndex(item)))
      }
    }
    return sawArray ? entries : nil
  }

  /// The int64 positions of a list of ints (nested lists too), a range or an int64 tensor
  /// with at least one dimension; nil for anything else.
  private func integerArray(_ v: RValue) throws(ReplError) -> Tensor? {
    switch v {
    case .list:
      let literal = try tensorLiteral(v)
      let positions = try engine { try Tensor(literal) }
      guard positions.dtype == .int64 || positions.count == 0 else {
        throw ReplError(
          "IndexError",
          "tensors can be indexed by lists of integers, not of '\(positions.dtype.torchName)'")
      }
      return try engine { try positions.to(.int64) }
    case .range(let r):
      try checkListSize(r.count, "indexing with a range")
      return try engine { try Tensor((0..<r.count).map(r.element), shape: [r.count]) }
    case .object(let o as TensorObject) where o.tensor.ndim > 0:
      let t = o.tensor
      guard t.dtype == .int64 else {
        throw ReplError(
          "IndexError", "tensors used as indices must be long, int, byte or bool tensors")
      }
      return t
    default: return nil
    }
  }

  /// The engine's index entries for `x[...]`: ints, slices, None, and tuples of them.
  private func tensorIndices(_ index: RValue) throws(ReplError) -> [TensorIndex] {
    if case .tuple(let items) = index {
      var out: [TensorIndex] = []
      for item in items { out.append(try tensorIndex(item)) }
      return out
    }
    return [try tensorIndex(index)]
  }

  private func tensorIndex(_ v: RValue) throws(ReplError) -> TensorIndex {
    switch v {
    case .int(let n): return .at(n)
    case .none: return .newAxis
    case .object(is EllipsisObject): return .ellipsis
    case .object(let o as SliceObject):
      func bound(_ b: RValue) throws(ReplError) -> Int? {
        if b.isNone { return nil }
        guard let n = b.asInt else {
          throw ReplError.type("slice indices must be integers or None")
        }
        return n
      }
      let step = try bound(o.step) ?? 1
      guard step > 0 else {
        throw ReplError.value(
          step == 0 ? "slice step cannot be zero" : "step must be greater than zero")
      }
      let start = try bound(o.lower)
      let end = try bound(o.upper)
      if start == nil && end == nil && step == 1 { return .all }
      return .slice(start: start, end: end, step: step)
    case .object(let o as TensorObject) where o.tensor.ndim == 0 && o.tensor.dtype == .int64:
      let x = try engine { try o.tensor.item() }
      return .at(Int(exactly: x) ?? 0)
    case .value: throw valueTensorMix("index")
    default:
      throw ReplError(
        "IndexError",
        "only integers, slices (`:`), None and integer tensors are valid indices (got "
          + "\(v.typeName))")
    }
  }
}

/// The bool tensor of `x[mask]`, if the index is one (a bool tensor, or a list of bools as
/// PyTorch reads `x[[True, False, True]]`).
private func boolMask(_ index: RValue) throws(ReplError) -> Tensor? {
  if case .list(let box) = index, let first = box.items.first, case .bool = first {
    let literal = try tensorLiteral(index)
    let mask = try engine { try Tensor(literal) }
    return mask.dtype == .bool ? mask : nil
  }
  guard let m = index.tensor, m.dtype == .bool else { return nil }
  return m
}

/// Where `mask` is true, as int64 positions in the flattened mask, after checking that the
/// mask's shape is the leading part of `t`'s (PyTorch's rule for `x[mask]`).
private func maskPositions(_ t: Tensor, _ mask: Tensor) throws(ReplError) -> Tensor {
  guard mask.ndim >= 1, mask.ndim <= t.ndim, Array(t.shape.prefix(mask.ndim)) == mask.shape
  else {
    throw ReplError(
      "IndexError",
      "The shape of the mask \(shapeText(mask.shape)) does not match the shape of the indexed "
        + "tensor \(shapeText(t.shape))")
  }
  let flags = mask.toBoolArray()
  var positions: [Int] = []
  for (i, on) in flags.enumerated() where on { positions.append(i) }
  return try engine { try Tensor(positions, shape: [positions.count]) }
}

/// `x[mask]`: the elements (or rows, for a mask over the leading dimensions) where mask is
/// true, in order, as one new tensor; gradients go back to the chosen elements.
///
/// ```
/// x[mask] = x.reshape(-1, *rest)[positions of True in mask.flatten()]
/// ```
func maskedRows(_ t: Tensor, _ mask: Tensor) throws(ReplError) -> Tensor {
  let positions = try maskPositions(t, mask)
  let rest = Array(t.shape.dropFirst(mask.ndim))
  return try engine { try t.reshape([-1] + rest).index(advanced: [.tensor(positions)]) }
}

/// `x[mask] = v`, in place: a number (or one-element tensor) goes everywhere mask is true; a
/// tensor with one row per True fills them in order.
func setMaskedRows(_ t: Tensor, _ mask: Tensor, _ value: RValue) throws(ReplError) {
  let positions = try maskPositions(t, mask)
  let rest = Array(t.shape.dropFirst(mask.ndim))
  let source = try operand(value, partner: t, "assignment")
  // The mask with ones appended for the dimensions it does not cover, so it broadcasts.
  let wide = try engine { try mask.reshape(mask.shape + rest.map { _ in 1 }) }
  if source.count == 1 {
    let v = try engine { try source.reshape([]).to(t.dtype) }
    try engine { try t.copy_(try Tensor.where(wide, v, t.detach())) }
    return
  }
  guard source.shape == [positions.count] + rest else {
    throw ReplError(
      "RuntimeError",
      "shape mismatch: value tensor of shape \(shapeText(source.shape)) cannot be broadcast "
        + "to indexing result of shape \(shapeText([positions.count] + rest))")
  }
  try engine {
    let rows = try Tensor.zeros([mask.count] + rest, dtype: t.dtype)
    try rows.indexAdd_(dim: 0, index: positions, source: source.detach().to(t.dtype))
    try t.copy_(try Tensor.where(wide, try rows.reshape(t.shape), t.detach()))
  }
}

/// Refuses to make more Python values than the language allows in one list.
func checkListSize(_ count: Int, _ what: String) throws(ReplError) {
  guard count <= maximumCollectionSize else {
    throw ReplError(
      "MemoryError",
      "\(what) would make \(count) items (the limit is \(maximumCollectionSize)); "
        + "slice the tensor first")
  }
}

/// `title` followed by `words`, wrapped at 80 columns with continuation lines indented.
func wrapped(_ title: String, _ words: [String]) -> String {
  var lines: [String] = []
  var line = title
  for word in words {
    if line.count + 1 + word.count > 80 {
      lines.append(line)
      line = "  " + word
    } else {
      line += " " + word
    }
  }
  lines.append(line)
  return lines.joined(separator: "\n")
}

/// `(2, 2)`, `(3,)`, `()`: a shape as a tuple.
func shapeText(_ shape: [Int]) -> String {
  shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// `a ** b` for tensors.
///
/// ```
/// x ** p               the engine's pow, for a number exponent (or an untracked one-element
///                      tensor); integer tensors to whole powers stay integers: x^p by squaring
/// a ** b = e^(b · ln a)   otherwise (defined for a > 0), so gradients reach both sides
/// ```
func power(_ a: Tensor, _ b: Tensor, exponentWasNumber: Bool) throws(ReplError) -> Tensor {
  if b.count == 1 && b.ndim == 0 && !b.requiresGrad {
    let p = try engine { try b.item() }
    if a.dtype.isFloatingPoint { return try engine { try a.pow(p) } }
    if b.dtype == .int64 || b.dtype == .bool {
      let n = b.dtype == .int64 ? Int(b.toInt64Array().first ?? 0) : (p != 0 ? 1 : 0)
      guard n >= 0 else {
        throw ReplError("RuntimeError", "Integers to negative integer powers are not allowed.")
      }
      return try integerPower(a, n)
    }
    if exponentWasNumber { return try engine { try a.float().pow(p) } }
  }
  return try engine {
    let base = a.dtype.isFloatingPoint ? a : try a.float()
    return try (b * base.log()).exp()
  }
}

/// xⁿ for an integer tensor by repeated squaring: x^n = (x²)^(n/2) · x^(n mod 2).
private func integerPower(_ x: Tensor, _ n: Int) throws(ReplError) -> Tensor {
  try engine {
    let integral = x.dtype == .int64 ? x : try x.long()
    var result = try Tensor.ones(x.shape, dtype: .int64)
    var base = integral
    var k = n
    while k > 0 {
      if k & 1 == 1 { result = try result * base }
      k >>= 1
      if k > 0 { base = try base * base }
    }
    return result
  }
}
