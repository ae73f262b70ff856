// Errors of the model layer: values with a message a student can act on.
import GradTensor

/// Something the models, the training loop or a checkpoint could not do, and why.
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A setting or an argument outside what the model accepts.
  case invalidArgument(String)
  /// A checkpoint file that cannot be used (damaged, truncated, or for another model).
  case checkpoint(String)

  public var description: String {
    switch self {
    case .invalidArgument(let message): return message
    case .checkpoint(let message): return message
    }
  }
}
