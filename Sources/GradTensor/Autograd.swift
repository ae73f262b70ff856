// Reverse-mode autograd: grad mode, graph nodes, custom rules for fused computations, the
// backward pass, hooks and anomaly mode. The derivative of each primitive lives in
// Backward.swift.

import GradBase

/// Whether operations are recorded for autograd. Task-local (and thread-local outside tasks),
/// so a `noGrad` scope in one task does not affect another.
public enum GradMode {
  @TaskLocal static var enabled = true

  /// True unless inside `noGrad { ... }`.
  public static var isEnabled: Bool { enabled }
}

/// Runs `body` without recording operations (PyTorch's `torch.no_grad()`): results do not
/// require grad and no graph is kept. Use it for optimizer updates and evaluation.
@discardableResult
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
  try GradMode.$enabled.withValue(false, operation: body)
}

/// Runs `body` with recording switched back on inside a `noGrad` scope.
@discardableResult
public func enableGrad<R>(_ body: () throws -> R) rethrows -> R {
  try GradMode.$enabled.withValue(true, operation: body)
}

/// Anomaly detection: when enabled, every operation checks its output (and every backward rule
/// its gradients) for NaN or Inf and throws an error naming the operation.
public enum Anomaly {
  private static let state = Locked<(enabled: Bool, context: String)>((false, ""))

  /// True while backward rules run: their intermediate results are checked once, as the
  /// gradient of the rule, not op by op.
  @TaskLocal static var insideBackward = false

  /// Switches the checks on or off (off by default: they cost one pass over each result).
  public static var isEnabled: Bool {
    get { state.value.enabled }
    set { state.withLock { $0.enabled = newValue } }
  }

  /// Free text included in anomaly messages, e.g. `"line 3"`, so a caller can say where the
  /// offending operation was written.
  public static var context: String {
    get { state.value.context }
    set { state.withLock { $0.context = newValue } }
  }

  /// Throws if `tensor` holds NaN or Inf.
  static func check(_ tensor: Tensor, producedBy op: String, phase: String) throws {
    guard tensor.dtype.isFloatingPoint else { return }
    var nan = false
    var inf = false
    switch tensor.dtype {
    case .float32:
      let p = tensor.storage.typed(Float.self)
      forEachStrided2(tensor.shape, tensor.strides, tensor.strides) { i, _ in
        let v = p[tensor.storageOffset + i]
        if v.isNaN { nan = true } else if v.isInfinite { inf = true }
      }
    default:
      let p = tensor.storage.typed(Double.self)
      forEachStrided2(tensor.shape, tensor.strides, tensor.strides) { i, _ in
        let v = p[tensor.storageOffset + i]
        if v.isNaN { nan = true } else if v.isInfinite { inf = true }
      }
    }
    guard nan || inf else { return }
    let what = nan ? "nan" : "inf"
    let ctx = context
    let place = ctx.isEmpty ? "" : " (\(ctx))"
    throw TensorError(
      .anomaly, "anomaly detected: \(op) produced \(what) in its \(phase)\(place)")
  }
}

/// A recorded operation: which rule computes its inputs' gradients, and the inputs.
final class Node {
  var rule: BackwardRule
  let inputs: [Tensor]
  let name: String

  init(rule: BackwardRule, inputs: [Tensor]) {
    self.rule = rule
    self.inputs = inputs
    self.name = rule.name
  }
}

/// Attaches a graph node to `out` when grad mode is on and any input requires grad; checks the
/// output for NaN/Inf in anomaly mode. Every differentiable operation ends with this call.
func record(_ out: Tensor, _ rule: @autoclosure () -> BackwardRule, _ inputs: [Tensor]) throws
  -> Tensor
{
  var needed = false
  for t in inputs where t.requiresGrad {
    needed = true
    break
  }
  if needed && GradMode.isEnabled {
    let r = rule()
    out.requiresGrad = true
    out.gradFn = Node(rule: r, inputs: inputs)
    if Anomaly.isEnabled { try Anomaly.check(out, producedBy: r.forwardName, phase: "output") }
  } else if Anomaly.isEnabled && !Anomaly.insideBackward {
    try Anomaly.check(out, producedBy: rule().forwardName, phase: "output")
  }
  return out
}

/// A hand-written backward rule for a fused computation: PyTorch's `torch.autograd.Function`,
/// tinygrad's `Function`.
///
/// A fused kernel computes its output from several tensors at once (an input and the weights
/// that act on it) over raw buffers, without recording the dozens of primitive operations it
/// performs. `Tensor.recorded(by:inputs:)` then records the output as ONE graph node whose
/// inputs are all of those tensors, and whose rule (this value) computes all their gradients
/// from ∂L/∂out:
///
/// ```
/// out = f(x₁, …, xₙ)        ∂L/∂x_k = (∂f/∂x_k)ᵀ · ∂L/∂out   for every k at once
/// ```
///
/// The engine treats the node like any other: one backward pass reaches it, its gradients are
/// accumulated into `.grad` the same way, hooks and `retainGrad()` apply to its inputs and
/// output, anomaly mode checks what it returns, and `grad_fn` shows `name`.
public protocol CustomBackward {
  /// The node's name as `grad_fn=<…>` shows it, in PyTorch's style: `LSTMBackward`,
  /// `AddmmBackward0`.
  var name: String { get }

  /// Whether the rule keeps tensors or buffers of the forward pass for its backward pass. Such
  /// a rule is released after the first `backward()` unless `retainGraph` is set, and a second
  /// backward through it is then an error, as for the built-in operations.
  var savesTensors: Bool { get }

  /// ∂L/∂x_k for every input x_k, in the order the inputs were recorded, given g = ∂L/∂out.
  ///
  /// - Parameters:
  ///   - g: ∂L/∂out, shaped like the output (any strides; call `contiguous()` for raw access).
  ///   - needs: whether input k requires a gradient; return nil where it does not.
  /// - Returns: one entry per input, each nil or shaped like its input. Return new tensors:
  ///   the engine may keep one as a leaf's `.grad` (a tensor that shares storage with `g` or
  ///   with another returned gradient is copied first).
  func gradients(_ g: Tensor, needs: [Bool]) throws -> [Tensor?]
}

extension Tensor {
  /// Records this tensor, the freshly computed result of a fused computation of `inputs`, as
  /// one graph node whose backward pass is `rule` (`MyFunction.apply` in PyTorch).
  ///
  /// Nothing is recorded in `noGrad` or when no input requires grad; then `rule` is built only
  /// in anomaly mode, which checks the output for NaN and Inf either way and names the rule.
  ///
  /// - Parameters:
  ///   - rule: computes every input's gradient from ∂L/∂self.
  ///   - inputs: every tensor the computation read that may need a gradient: its tensor
  ///     inputs and its weights.
  /// - Returns: this tensor, now with `grad_fn` set when recorded.
  @discardableResult
  public func recorded(by rule: @autoclosure () -> any CustomBackward, inputs: [Tensor]) throws
    -> Tensor
  {
    guard isLeaf && !requiresGrad && !inputs.contains(where: { $0 === self }) else {
      throw TensorError(
        .autograd,
        "a custom backward rule records a fresh result that has no history of its own; "
          + "compute the output into a new tensor (e.g. Tensor.zeros) and record that")
    }
    return try record(
      self,
      .custom(rule(), inputShapes: inputs.map(\.shape), inputDTypes: inputs.map(\.dtype)),
      inputs)
  }
}

extension Tensor {
  /// Sets whether autograd records operations on this leaf (`x.requires_grad_()`).
  @discardableResult
  public func requiresGrad_(_ flag: Bool = true) throws -> Tensor {
    guard dtype.isFloatingPoint || !flag else {
      throw TensorError(
        .dtypeMismatch,
        "only tensors of floating point dtype can require gradients (this one is "
          + "\(dtype.torchName)); convert with .float() first")
    }
    guard isLeaf || flag else {
      throw TensorError(
        .autograd,
        "you can only change requires_grad flags of leaf variables; use detach() instead")
    }
    requiresGrad = flag
    return self
  }

  /// A view of the same storage that is cut out of the graph: a leaf without requires_grad.
  public func detach() -> Tensor {
    Tensor(storage: storage, shape: shape, strides: strides, offset: storageOffset)
  }

  /// Keeps `.grad` for this non-leaf tensor after `backward()` (leaves always keep it).
  public func retainGrad() throws {
    guard requiresGrad else {
      throw TensorError(.autograd, "can't retain_grad on a tensor that has requires_grad=False")
    }
    if !isLeaf { retainsGrad = true }
  }

  /// Registers a closure called with this tensor's gradient during backward; returning a
  /// tensor replaces the gradient, returning nil keeps it.
  public func registerHook(_ hook: @escaping (Tensor) throws -> Tensor?) throws {
    guard requiresGrad else {
      throw TensorError(
        .autograd, "cannot register a hook on a tensor that doesn't require gradient")
    }
    hooks.append(hook)
  }

  /// Computes the gradient of this tensor with respect to every leaf that requires grad and
  /// accumulates it into their `.grad` (the chain rule, applied in reverse topological order):
  ///
  /// ```
  /// ∂out/∂x = Σ over consumers c of x:  ∂out/∂c · ∂c/∂x
  /// ```
  ///
  /// - Parameters:
  ///   - gradient: ∂L/∂self; may be omitted only when this tensor has one element (then 1).
  ///   - retainGraph: keep the saved tensors so backward can run through the graph again.
  public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws {
    // The pass itself, one node per step, is in Autograd+Stepping.swift.
    var pass = try BackwardPass(from: self, gradient: gradient, retainGraph: retainGraph)
    while try pass.step() != nil {}
  }

  /// `.grad += g`, allocating the gradient on first use. An `owned` gradient (allocated by the
  /// engine for this backward pass, referenced nowhere else) is kept as is instead of copied.
  func accumulateGrad(_ g: Tensor, owned: Bool) throws {
    // Mixed-dtype operations can hand back a gradient in the wider type: store ours.
    let reduced = try (g.shape == shape ? g : g.sumToShape(shape)).to(dtype)
    if let existing = grad {
      try existing.add_(reduced)
    } else if owned && reduced === g && g.isContiguous && g.dtype == dtype && !g.requiresGrad {
      grad = g
    } else {
      grad = try reduced.copyData(to: dtype)
    }
  }
}
