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
