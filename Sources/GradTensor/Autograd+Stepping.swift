// The backward pass one node at a time, and the graph as tools read it.
//
// `Tensor.backward()` is a `BackwardPass` run to the end; a tool that wants to show the chain
// rule at work (the REPL's `:step`) runs the same pass step by step. Each step is one tensor
// of the graph: its pending gradient g = ∂L/∂t is taken out, its hooks run, and then either
//
// ```
// t is a leaf:     t.grad += g                                  (AccumulateGrad)
// t = op(x₁, …):   ∂L/∂x_k += rule_k(g)   for every input x_k    (the op's BackwardRule)
// ```
//
// where the sum over k collects the gradient of a tensor used several times (the multivariate
// chain rule). The order puts every tensor before the tensors it was made from, so a tensor's
// gradient is complete when its turn comes.

extension Tensor {
  /// The inputs of the operation that made this tensor, in the order it recorded them (the
  /// tensors its `grad_fn` sends gradients to, constants included); empty for a leaf.
  public var gradFnInputs: [Tensor] { gradFn?.inputs ?? [] }

  /// Whether a `backward()` without `retainGraph` has already freed what the operation that
  /// made this tensor saved, so backward through it again is an error.
  public var isGradFnReleased: Bool {
    guard let node = gradFn, case .released = node.rule else { return false }
    return true
  }

  /// ∂L/∂self to start a backward pass with: `gradient` checked against this tensor, or 1
  /// for a one-element tensor.
  func backwardSeed(_ gradient: Tensor?) throws -> Tensor {
    guard requiresGrad else {
      throw TensorError(
        .autograd,
        "element 0 of tensors does not require grad and does not have a grad_fn: nothing to "
          + "differentiate (set requires_grad on the inputs first)")
    }
    if let gradient {
      guard gradient.shape == shape else {
        throw TensorError(
          .shapeMismatch,
          "backward: gradient has shape \(shapeString(gradient.shape)) but the tensor has shape "
            + "\(shapeString(shape))")
      }
      return try gradient.to(dtype).detach()
    }
    guard count == 1 else {
      throw TensorError.implicitGradNonScalar
    }
    return try Tensor.ones(shape, dtype: dtype)
  }
}

/// What one step of a backward pass did.
///
/// The tensors are the engine's own: a later step may add into them in place (a leaf's
/// `.grad`), so read them before taking the next step.
public struct BackwardStep {
  /// The tensor whose gradient this step passed on: an operation's result, or a leaf.
  public let tensor: Tensor
  /// The node as PyTorch names it: the operation's `grad_fn` name (`MulBackward0`), or
  /// `AccumulateGrad` for a leaf.
  public let nodeName: String
  /// ∂L/∂tensor as the step received it (after the tensor's hooks).
  public let incoming: Tensor
  /// The inputs of the operation, in the order it recorded them; empty for a leaf.
  public let inputs: [Tensor]
  /// The operation's rule applied to `incoming`: ∂L/∂input for each input, nil where an input
  /// needs no gradient. Empty for a leaf.
  public let gradients: [Tensor?]
  /// Whether `incoming` was added into `tensor.grad` (a leaf, or `retainGrad()`).
  public let accumulated: Bool

  /// Whether the tensor is a leaf (the step was `.grad += g`).
  public var isLeaf: Bool { tensor.isLeaf }
}

/// A backward pass from one tensor, run a step (one graph node) at a time.
///
/// `root.backward(gradient:retainGraph:)` is exactly a pass created with the same arguments
/// and stepped until `step()` returns nil; a pass stopped early has added only the gradients
/// of the steps it took.
public struct BackwardPass {
  /// Every tensor that may receive a gradient, each before the tensors it was made from.
  private let order: [Tensor]
  private var position = 0
  private var visited = 0
  /// Gradients received and not yet passed on. Each remembers whether the engine allocated it
  /// for this pass alone ("owned"): a leaf may then keep it as its .grad instead of a copy.
  private var pending: [ObjectIdentifier: (tensor: Tensor, owned: Bool)]
  private let retainGraph: Bool
  private let anomaly: Bool

  /// Prepares a backward pass from `root`; nothing is computed until the first `step()`.
  ///
  /// - Parameters:
  ///   - root: the tensor to differentiate; it must require grad.
  ///   - gradient: ∂L/∂root; may be omitted only when `root` has one element (then 1).
  ///   - retainGraph: keep the saved tensors so backward can run through the graph again.
  /// - Throws: when `root` does not require grad, or the gradient does not fit it.
  public init(from root: Tensor, gradient: Tensor? = nil, retainGraph: Bool = false) throws {
    let seed = try root.backwardSeed(gradient)
    // Post-order depth-first walk; reversed, it visits every tensor before its inputs.
    var postOrder: [Tensor] = []
    var seen = Set<ObjectIdentifier>()
    var stack: [(Tensor, Bool)] = [(root, false)]
    while let (t, expanded) = stack.popLast() {
      if expanded {
        postOrder.append(t)
        continue
      }
      if !seen.insert(ObjectIdentifier(t)).inserted { continue }
      stack.append((t, true))
      if let node = t.gradFn {
        for input in node.inputs
        where input.requiresGrad && !seen.contains(ObjectIdentifier(input)) {
          stack.append((input, false))
        }
      }
    }
    order = postOrder.reversed()
    pending = [ObjectIdentifier(root): (seed, false)]
    self.retainGraph = retainGraph
    anomaly = Anomaly.isEnabled
  }

  /// How many nodes the pass visits at most: the root and every tensor it was computed from
  /// that requires grad, leaves included.
  public var nodeCount: Int { order.count }

  /// How many steps have been taken.
  public var stepsTaken: Int { visited }

  /// The tensor the next step will visit; nil when the pass is finished.
  public var upcoming: Tensor? {
    var k = position
    while k < order.count {
      if pending[ObjectIdentifier(order[k])] != nil { return order[k] }
      k += 1
    }
    return nil
  }

  /// Runs the next node's rule (or accumulates into the next leaf's `.grad`) and says what it
  /// did; nil when every node has been visited.
  ///
  /// - Throws: a hook's error, a rule's error (a graph freed by an earlier backward, a custom
  ///   rule's wrong shape), or in anomaly mode a NaN or Inf in a gradient, naming the node.
  public mutating func step() throws -> BackwardStep? {
    try noGrad {
      try Anomaly.$insideBackward.withValue(true) { try runNext() }
    }
  }

  private mutating func runNext() throws -> BackwardStep? {
    while position < order.count {
      let t = order[position]
      position += 1
      guard let received = pending.removeValue(forKey: ObjectIdentifier(t)) else { continue }
      visited += 1
      var g = received.tensor
      var owned = received.owned && t.hooks.isEmpty
      for hook in t.hooks {
        if let replaced = try hook(g) {
          g = replaced
          owned = false
        }
      }
      guard let node = t.gradFn else {
        try t.accumulateGrad(g, owned: owned)
        return BackwardStep(
          tensor: t, nodeName: "AccumulateGrad", incoming: g, inputs: [], gradients: [],
          accumulated: true)
      }
      if t.retainsGrad { try t.accumulateGrad(g, owned: false) }
      if case .released = node.rule {
        throw TensorError.backwardTwice
      }
      let needs = node.inputs.map(\.requiresGrad)
      let inputGrads = try node.rule.gradients(g, needs: needs, consumeSaved: !retainGraph)
      let ownership = node.rule.gradientOwnership
      if !retainGraph && node.rule.savesTensors { node.rule = .released }
      for (input, ig) in zip(node.inputs, inputGrads) {
        guard input.requiresGrad, let ig else { continue }
        if anomaly { try Anomaly.check(ig, producedBy: node.name, phase: "gradient") }
        let key = ObjectIdentifier(input)
        if let existing = pending[key] {
          pending[key] = (try existing.tensor + ig, true)
        } else {
          let fresh: Bool
          switch ownership {
          case .fresh: fresh = true
          case .viewOfIncoming: fresh = owned && ig !== g
          case .shared: fresh = false
          case .unlessShared:
            let sharing = inputGrads.filter { $0.map(ig.sharesStorage) ?? false }.count
            fresh = sharing == 1 && !ig.sharesStorage(with: g)
          }
          pending[key] = (ig, fresh)
        }
      }
      return BackwardStep(
        tensor: t, nodeName: node.name, incoming: g, inputs: node.inputs, gradients: inputGrads,
        accumulated: t.retainsGrad)
    }
    return nil
  }
}

extension Tensor {
  /// The element at row-major position `flat`, as a Double (any dtype, any strides).
  ///
  /// - Precondition: `0 ≤ flat < count`.
  public func element(atFlat flat: Int) -> Double { doubleAt(flat: flat) }

  /// Overwrites the element at row-major position `flat` of this floating-point tensor in
  /// place, outside autograd (as `x.data[i] = v` in PyTorch), and returns the value actually
  /// stored: `value` rounded to the tensor's dtype. Finite differences use it to nudge one
  /// input, x ± h, and to divide by the step that was really taken.
  ///
  /// - Throws: when the tensor is not float32 or float64, or `flat` is out of range.
  @discardableResult
  public func setElement(atFlat flat: Int, to value: Double) throws -> Double {
    guard flat >= 0 && flat < count else {
      throw TensorError(
        .indexOutOfRange, "element \(flat) is out of range for a tensor of \(count) elements")
    }
    let i = storageIndex(flat: flat)
    switch dtype {
    case .float32:
      let stored = Float(value)
      storage.typed(Float.self)[i] = stored
      return Double(stored)
    case .float64:
      storage.typed(Double.self)[i] = value
      return value
    case .int64, .bool:
      throw TensorError(
        .dtypeMismatch,
        "only float32 and float64 elements can be set this way (this tensor is "
          + "\(dtype.torchName))")
    }
  }
}
