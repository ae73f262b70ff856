// A complex tensor at the prompt (`torch.complex64` / `torch.complex128`): what
// `torch.linalg.eigvals` returns. It holds real and imaginary parts and answers
// PyTorch's ways of getting real tensors back out of it (`.real`, `.imag`,
// `.abs()`, `.angle()`), indexing, iteration and printing. It has no arithmetic
// and no autograd, and the language has no complex scalar, so `item()` and
// `tolist()` say which real tensors to use instead.

import Foundation
import GradLanguage
import GradTensor

/// A complex tensor as a runtime value.
final class ComplexTensorObject: MemberTableObject {
  let value: ComplexTensor

  init(_ value: ComplexTensor) { self.value = value }

  var typeName: String { "Tensor" }
  var qualifiedTypeName: String { "torch.Tensor" }
  func repr() -> String { value.description }
  func isInstance(ofTypeNamed name: String) -> Bool { name == "Tensor" }

  var summary: String { shapeText(value.shape) + " " + value.torchDTypeName.dropFirst(6) }

  var helpText: String {
    """
    Tensor of shape \(shapeText(value.shape)) (\(value.count) element\
    \(value.count == 1 ? "" : "s")), dtype \(value.torchDTypeName): complex numbers x + iy
    \(wrapped("Attributes:", Self.members.names(of: [.attribute, .property])))
    \(wrapped("Methods:", Self.members.names(of: [.method]).sorted()))
    Indexing z[i], z[a:b] and iteration give complex tensors; there is no arithmetic on
      complex tensors: take real tensors out with z.real, z.imag, z.abs() or z.angle().
    """
  }

  var length: Int? { value.ndim == 0 ? nil : value.shape[0] }

  func items() throws(ReplError) -> [RValue]? {
    guard value.ndim > 0 else { throw ReplError.type("iteration over a 0-d tensor") }
    try checkListSize(value.shape[0], "iterating over a tensor")
    var out: [RValue] = []
    for i in 0..<value.shape[0] {
      if let element = try item(.int(i)) { out.append(element) }
    }
    return out
  }

  /// `z[index]`: the same index applied to the real and the imaginary parts.
  func item(_ index: RValue) throws(ReplError) -> RValue? {
    guard let re = try TensorObject(value.real).item(index)?.tensor,
      let im = try TensorObject(value.imag).item(index)?.tensor
    else { return nil }
    return .object(ComplexTensorObject(try engine { try ComplexTensor(real: re, imag: im) }))
  }

  func binary(_ op: BinaryOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    throw Self.noArithmetic("\(op.rawValue)")
  }

  func unary(_ op: UnaryOperator) throws(ReplError) -> RValue? {
    throw Self.noArithmetic("unary \(op.rawValue)")
  }

  /// The error for a computation this build does not do on complex tensors.
  static func noArithmetic(_ what: String) -> ReplError {
    ReplError(
      "NotImplementedError",
      "\(what) is not supported on complex tensors here: take real tensors out with z.real, "
        + "z.imag, z.abs() (the moduli |z|) or z.angle() and compute with those")
  }

  /// The error for `item()` / `tolist()`: the language has no complex number type.
  static func noComplexScalars(_ method: String) -> ReplError {
    ReplError(
      "NotImplementedError",
      "\(method): this language has no complex numbers; use z.real.\(method), "
        + "z.imag.\(method) or z.abs().\(method) for the real parts, imaginary parts or moduli")
  }

  static let members = MemberTable<ComplexTensorObject>([
    .attribute("real", "the real parts x, a real tensor") { .tensor($0.value.real) },
    .attribute("imag", "the imaginary parts y, a real tensor") { .tensor($0.value.imag) },
    .attribute("shape", "the size of each dimension, a torch.Size") {
      .object(SizeObject($0.value.shape))
    },
    .attribute("dtype", "torch.complex64 (float32 parts) or torch.complex128 (float64 parts)") {
      .object(ComplexDTypeObject(partDType: $0.value.partDType))
    },
    .attribute("ndim", "the number of dimensions") { .int($0.value.ndim) },
    .attribute("requires_grad", "always False: no graph is recorded through complex results") {
      _ in .bool(false)
    },
    .attribute("grad_fn", "always None: no graph is recorded through complex results") {
      _ in .none
    },
    .method("abs", "abs()", "the moduli |z| = √(x² + y²), a real tensor") {
      (z, args, _) throws(ReplError) in
      try args.check("abs", positional: 0)
      return .tensor(try engine { try z.value.abs() })
    },
    .method("angle", "angle()", "the arguments atan2(y, x) in (−π, π], a real tensor") {
      (z, args, _) throws(ReplError) in
      try args.check("angle", positional: 0)
      return .tensor(try engine { try z.value.angle() })
    },
    .method("conj", "conj()", "the complex conjugates x − iy") { (z, args, _) throws(ReplError) in
      try args.check("conj", positional: 0)
      return .object(ComplexTensorObject(try engine { try z.value.conj() }))
    },
    .method("is_complex", "is_complex()", "True: the elements are complex numbers") {
      (_, args, _) throws(ReplError) in
      try args.check("is_complex", positional: 0)
      return .bool(true)
    },
    .method("numel", "numel()", "the number of elements") { (z, args, _) throws(ReplError) in
      try args.check("numel", positional: 0)
      return .int(z.value.count)
    },
    .method("dim", "dim()", "the number of dimensions") { (z, args, _) throws(ReplError) in
      try args.check("dim", positional: 0)
      return .int(z.value.ndim)
    },
    .method("size", "size(dim=None)", "the shape, or the size of one dimension") {
      (z, args, _) throws(ReplError) in
      try args.check("size", positional: 0, 1, keywords: ["dim"])
      guard let d = try args.argument(0, "dim")?.integer(for: "size") else {
        return .object(SizeObject(z.value.shape))
      }
      let n = z.value.ndim
      guard d >= -n, d < n else {
        throw ReplError(
          "IndexError",
          "Dimension out of range (expected to be in range of [\(-n), \(n - 1)], but got \(d))")
      }
      return .int(z.value.shape[d < 0 ? d + n : d])
    },
    .method("item", "item()", "not available: the language has no complex numbers") {
      (_, args, _) throws(ReplError) in
      try args.check("item", positional: 0)
      throw noComplexScalars("item()")
    },
    .method("tolist", "tolist()", "not available: the language has no complex numbers") {
      (_, args, _) throws(ReplError) in
      try args.check("tolist", positional: 0)
      throw noComplexScalars("tolist()")
    },
  ])
}

/// `torch.complex64` / `torch.complex128`: the dtype of a complex tensor.
final class ComplexDTypeObject: MemberTableObject {
  /// The dtype of each part: float32 for complex64, float64 for complex128.
  let partDType: DType
  init(partDType: DType) { self.partDType = partDType }

  var typeName: String { "torch.dtype" }
  func repr() -> String { partDType == .float64 ? "torch.complex128" : "torch.complex64" }
  static let members = MemberTable<ComplexDTypeObject>([
    .attribute("is_floating_point", "False: complex numbers are not floating-point numbers") {
      _ in .bool(false)
    },
    .attribute("is_complex", "True") { _ in .bool(true) },
  ])

  var helpText: String {
    "\(repr()): complex numbers as two \(partDType.torchName) parts (real and imaginary)"
  }

  func compare(_ op: ComparisonOperator, _ other: RValue, reflected: Bool) throws(ReplError)
    -> RValue?
  {
    guard op == .equal || op == .notEqual else { return nil }
    var same = false
    if case .object(let o as ComplexDTypeObject) = other { same = o.partDType == partDType }
    return .bool(op == .equal ? same : !same)
  }
}
