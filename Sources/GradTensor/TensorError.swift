// Errors raised by the tensor engine: one type, one readable message each.

/// Everything that can go wrong with a tensor operation, as a value with a message a student can
/// act on. Operations throw it instead of trapping.
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The category of failure, for callers that want to react to it programmatically.
  public enum Kind: String, Sendable {
    case shapeMismatch
    case dtypeMismatch
    case indexOutOfRange
    case invalidArgument
    case autograd
    case memory
    case anomaly
    case io
  }

  public let kind: Kind
  public let message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}

/// Formats a shape like PyTorch's `torch.Size` contents: `(2, 3)`, `(5,)`, `()`.
func shapeString(_ shape: [Int]) -> String {
  if shape.count == 1 { return "(\(shape[0]),)" }
  return "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

// PyTorch's own wording for the errors a corpus program meets most, so a script's last line
// reads as it does under PyTorch.
extension TensorError {
  /// `view`/`reshape` to a shape whose size differs from the input's.
  static func invalidShape(_ requested: [Int], size: Int) -> TensorError {
    let list = "[" + requested.map(String.init).joined(separator: ", ") + "]"
    return TensorError(.shapeMismatch, "shape '\(list)' is invalid for input of size \(size)")
  }

  /// `backward()` without a gradient on a tensor of more than one element.
  static let implicitGradNonScalar = TensorError(
    .autograd, "grad can be implicitly created only for scalar outputs")

  /// A second `backward()` through a node whose saved tensors were freed.
  static let backwardTwice = TensorError(
    .autograd,
    "Trying to backward through the graph a second time (or directly access saved tensors after "
      + "they have already been freed). Saved intermediate values of the graph are freed when you "
      + "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
      + "through the graph a second time or if you need to access saved tensors after calling "
      + "backward.")

  /// A loss given a different number of rows and targets (a ValueError in PyTorch).
  public static func batchSizes(_ input: Int, _ target: Int) -> TensorError {
    TensorError(
      .shapeMismatch,
      "Expected input batch_size (\(input)) to match target batch_size (\(target)).")
  }

  /// An in-place update whose result has a kind the tensor cannot hold (`ints += 0.5`).
  public static func inPlaceCast(_ result: DType, into target: DType) -> TensorError {
    TensorError(
      .dtypeMismatch,
      "result type \(result.scalarTypeName) can't be cast to the desired output type "
        + target.scalarTypeName)
  }

  /// A matrix product whose inner sizes differ: `(2x3 and 2x3)` for 2-D operands.
  static func matmulShapes(_ a: [Int], _ b: [Int]) -> TensorError {
    if a.count == 2, b.count == 2 {
      return TensorError(
        .shapeMismatch,
        "mat1 and mat2 shapes cannot be multiplied (\(a[0])x\(a[1]) and \(b[0])x\(b[1]))")
    }
    return TensorError(
      .shapeMismatch,
      "matmul: shapes \(shapeString(a)) and \(shapeString(b)) cannot be multiplied")
  }
}

extension TensorError {
  /// `embedding` given indices that are not integers.
  static func embeddingIndices(_ dtype: DType) -> TensorError {
    let legacy = "torch.\(dtype.scalarTypeName)Tensor"
    return TensorError(
      .dtypeMismatch,
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: "
        + "Long, Int; but got \(legacy) instead (while checking arguments for embedding)")
  }
}
