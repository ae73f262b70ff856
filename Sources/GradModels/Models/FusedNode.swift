// Fused layers as single autograd nodes: the forward pass runs over raw buffers, and the
// output is recorded with a custom backward rule whose inputs are the layer's input AND its
// weights (GradTensor's CustomBackward, PyTorch's autograd.Function).
import GradTensor

/// A fused node's backward pass: a closure over what its forward pass kept (the input, the
/// tape), from ∂L/∂out to the gradient of every recorded input.
struct FusedBackward: CustomBackward {
  /// `grad_fn=<name>`: `AddmmBackward0`, `LSTMBackward`, …
  let name: String
  /// g = ∂L/∂out and which inputs need a gradient → one gradient (or nil) per input.
  let backward: (Tensor, [Bool]) throws -> [Tensor?]

  /// The closure holds the forward pass's buffers: released after backward unless retained.
  var savesTensors: Bool { true }

  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?] { try backward(g, needs) }
}
