// One autograd node for a whole fused computation, built from the engine's public pieces.
import GradTensor

/// Wraps the result of a fused forward pass so that `backward()` reaches it: `output` becomes
/// a leaf that requires grad, and a hook on it receives ∂L/∂output once every consumer has
/// contributed. The hook runs the hand-written backward pass (which accumulates the weights'
/// `.grad` itself) and sends ∂L/∂input on into the graph that produced `input`.
///
/// - Parameters:
///   - output: the fused result, a fresh tensor with no history.
///   - input: the tensor the computation read, if gradients should flow into it.
///   - backward: ∂L/∂output → ∂L/∂input (nil when the input needs none).
func attachFusedBackward(
  output: Tensor, input: Tensor?, backward: @escaping (Tensor) throws -> Tensor?
) throws -> Tensor {
  try output.requiresGrad_(true)
  try output.registerHook { gradient in
    let dInput = try backward(try gradient.contiguous())
    if let input, input.requiresGrad, let dInput {
      try input.backward(gradient: dInput)
    }
    return nil
  }
  return output
}
