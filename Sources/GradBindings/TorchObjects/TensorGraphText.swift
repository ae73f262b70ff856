// What :graph, :dot, :step and :gradcheck say about a tensor, in one place.
//
// Every sentence a student reads about a tensor's autograd graph is written here, so the
// wording can be checked (and one day translated) without reading the code that walks it.

import Foundation
import GradBase
import GradTensor

enum TensorGraphText {
  // MARK: - Nodes

  /// The node name PyTorch gives a leaf that requires grad.
  static let leafNodeName = "AccumulateGrad"

  /// `(3, 4) float32`.
  static func shapeAndDType(_ t: Tensor) -> String { shapeText(t.shape) + " " + t.dtype.rawValue }

  /// A norm in a few characters: `3.464`, `1.2e-08`, `nan`.
  static func number(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return String(format: "%.4g", x)
  }

  /// `‖grad‖=2.449`, `grad=None`.
  static func gradNote(_ norm: Double?) -> String {
    norm.map { "‖grad‖=" + number($0) } ?? "grad=None"
  }

  /// `w (AccumulateGrad)`, `h (MulBackward0)`, `(MulBackward0)`: a node as the drawing and
  /// the steps name it.
  static func nodeName(_ nodeName: String, variable: String?) -> String {
    (variable.map { $0 + " " } ?? "") + "(\(nodeName))"
  }

  // MARK: - Refusals

  /// The graph commands' words for a tensor that has no graph to show.
  static func noGraph(_ t: Tensor, name: String, command: String) -> String {
    let what = name
    if t.requiresGrad {
      return """
        \(what) is a leaf: it was made directly (requires_grad=True), not computed, so it has \
        no graph behind it. :\(command) a result computed from it instead, e.g. \
        :\(command) (\(name) * 2).sum()
        """
    }
    return """
      \(what) has no autograd graph: requires_grad is False (it was made under \
      torch.no_grad(), detached, or computed only from tensors that do not require grad). \
      Set requires_grad=True on the inputs, then compute it again
      """
  }

  /// `:step y` for a tensor of more than one element.
  static func notScalar(_ t: Tensor, name: String) -> String {
    let what = name
    let spelled = name
    return """
      \(what) has shape \(shapeText(t.shape)): backward starts from a scalar (∂y/∂y = 1). \
      Step through its sum instead, :step \(spelled).sum(), or, to send a gradient g of that \
      shape back as \(spelled).backward(gradient=g) does, :step (\(spelled) * g).sum()
      """
  }

  /// `:step y` after `y.backward()` freed the graph.
  static func released(name: String) -> String {
    let spelled = name
    return """
      the graph of \(name) was freed by an earlier backward(): compute \
      \(spelled) again, or call \(spelled).backward(retain_graph=True) to keep the graph
      """
  }

  // MARK: - :step

  /// The first line of `:step`.
  static func stepIntroduction(root: String, total: Int) -> String {
    "backward from \(root): \(total) node\(total == 1 ? "" : "s") in the engine's order, "
      + "one per step"
  }

  /// The last line of `:step`.
  static func stepConclusion(root: String, count: Int) -> String {
    "done: \(count) node\(count == 1 ? "" : "s") visited; each leaf's .grad now holds what "
      + "\(root).backward() adds\n"
  }

  /// `(3, 4)  norm 3.464`: a gradient as the steps show it.
  static func gradient(_ shape: [Int], norm: Double) -> String {
    shapeText(shape) + "  norm " + number(norm)
  }

  /// The incoming gradient of the first step.
  static func seedLine(root: String, _ gradient: String) -> String {
    "      incoming g = ∂\(root)/∂\(root) = 1  \(gradient): backward starts here\n"
  }

  /// The incoming gradient of a later step.
  static func incomingLine(_ gradient: String) -> String { "      incoming g  \(gradient)\n" }

  /// The local rule of a node, in one line.
  static func ruleLine(_ name: String, leaf: String) -> String {
    "      rule  \(name): " + (rule(name)?.text ?? unknownRule(name, leaf: leaf)) + "\n"
  }

  /// One input's gradient: `∂/∂a → w (AccumulateGrad)  (3, 4)  norm 7.211`.
  static func outgoingLine(_ letter: String, target: String, _ gradient: String) -> String {
    "      ∂/∂\(letter) → \(target)  \(gradient)\n"
  }

  /// An input that gets no gradient.
  static func noGradientLine(_ letter: String, target: String, requiresGrad: Bool) -> String {
    "      ∂/∂\(letter) → \(target): "
      + (requiresGrad ? "none (the rule gives it none)" : "none (it does not require grad)")
      + "\n"
  }

  /// A leaf (or a retained non-leaf) adding its gradient into `.grad`.
  static func accumulatedLine(_ name: String, before: String?, after: String) -> String {
    "      \(name).grad \(before ?? "None") → \(after)\n"
  }

  /// The rule's letter for input `k`: `a`, `b` for a binary operation, `x` for a unary one,
  /// the layer's own names for a fused layer, `x1`, `x2`, … otherwise.
  static func inputLetter(_ name: String, _ k: Int, of count: Int) -> String {
    if let letters = rule(name)?.inputs, k < letters.count { return letters[k] }
    return count == 1 ? "x" : "x\(k + 1)"
  }

  /// A rule that has no line here (a fused node from a model).
  private static func unknownRule(_ name: String, leaf: String) -> String {
    if name == leafNodeName { return "\(leaf).grad += g" }
    return "a fused rule that computes every input's gradient at once from g"
  }

  /// The local rule of each node, by its PyTorch name: g is ∂L/∂out (the incoming gradient),
  /// out the node's own result, and the letters are its inputs in order. Gradients of
  /// broadcast operands are summed back to their shapes.
  static func rule(_ name: String) -> (text: String, inputs: [String])? {
    switch name {
    case "AddBackward0": return ("∂/∂a = g, ∂/∂b = g", ["a", "b"])
    case "SubBackward0": return ("∂/∂a = g, ∂/∂b = −g", ["a", "b"])
    case "MulBackward0": return ("∂/∂a = g·b, ∂/∂b = g·a", ["a", "b"])
    case "DivBackward0": return ("∂/∂a = g/b, ∂/∂b = −g·a/b²", ["a", "b"])
    case "NegBackward0": return ("∂/∂x = −g", ["x"])
    case "ExpBackward0": return ("∂/∂x = g·out  (out = eˣ)", ["x"])
    case "LogBackward0": return ("∂/∂x = g/x", ["x"])
    case "TanhBackward0": return ("∂/∂x = g·(1 − out²)  (out = tanh x)", ["x"])
    case "SigmoidBackward0": return ("∂/∂x = g·out·(1 − out)  (out = σ(x))", ["x"])
    case "ReluBackward0": return ("∂/∂x = g where out > 0, else 0", ["x"])
    case "SqrtBackward0": return ("∂/∂x = g/(2·out)  (out = √x)", ["x"])
    case "PowBackward0": return ("∂/∂x = g·p·xᵖ⁻¹", ["x"])
    case "AbsBackward0": return ("∂/∂x = g·sign(x)", ["x"])
    case "ClampBackward1": return ("∂/∂x = g where lo ≤ x ≤ hi, else 0", ["x"])
    case "MmBackward0": return ("∂/∂A = g·Bᵀ, ∂/∂B = Aᵀ·g", ["A", "B"])
    case "AddmmBackward0": return ("∂/∂x = g·W, ∂/∂W = gᵀ·x, ∂/∂b = Σ_rows g", ["x", "W", "b"])
    case "EmbeddingBackward0":
      return ("∂/∂W = g's rows added to the rows they were read from", ["W"])
    case "MseLossBackward0":
      return ("∂/∂x = 2(x − y)·g (÷ n for the mean), ∂/∂y = −∂/∂x", ["x", "y"])
    case "SumBackward0", "SumBackward1":
      return ("∂/∂x = g broadcast back over the summed dims", ["x"])
    case "MeanBackward0", "MeanBackward1":
      return ("∂/∂x = g/n broadcast back over the n averaged elements", ["x"])
    case "MaxBackward0", "MinBackward0":
      return ("∂/∂x = g at the winning positions, 0 elsewhere", ["x"])
    case "MaxBackward1", "MinBackward1":
      return ("∂/∂x = g shared by the elements equal to out", ["x"])
    case "SoftmaxBackward0": return ("∂/∂x = out·(g − Σ_dim g·out)", ["x"])
    case "LogSoftmaxBackward0": return ("∂/∂x = g − softmax(x)·Σ_dim g", ["x"])
    case "NllLossBackward0":
      return ("∂/∂x = (softmax(x) − onehot(target))·g/n per row", ["x"])
    case "ViewBackward0", "ReshapeAliasBackward0", "UnsafeViewBackward0", "SqueezeBackward0",
      "SqueezeBackward1", "UnsqueezeBackward0":
      return ("∂/∂x = g reshaped back to x's shape", ["x"])
    case "PermuteBackward0", "TransposeBackward0", "TBackward0":
      return ("∂/∂x = g with the dims put back in x's order", ["x"])
    case "ExpandBackward0": return ("∂/∂x = g summed back to x's shape", ["x"])
    case "SelectBackward0", "SliceBackward0":
      return ("∂/∂x = zeros, with g where the view was taken", ["x"])
    case "IndexSelectBackward0": return ("∂/∂x = zeros, with g added at the picked rows", ["x"])
    case "IndexBackward0":
      return ("∂/∂x = zeros, with g added at the picked elements (repeats add up)", ["x"])
    case "DiagonalBackward0_copy": return ("∂/∂x = zeros, with g on the diagonal", ["x"])
    case "DiagEmbedBackward0": return ("∂/∂v = the diagonal of g", ["v"])
    case "MaskedFillBackward0": return ("∂/∂x = g where not mask, 0 where filled", ["x"])
    case "ProdBackward0", "ProdBackward1":
      return ("∂/∂x_j = g·Π_{i≠j} x_i (the product of the others)", ["x"])
    case "CumsumBackward0": return ("∂/∂x_j = Σ_{i≥j} g_i (a running sum from the end)", ["x"])
    case "VarBackward0": return ("∂/∂x = g·2(x − x̄)/(N − correction)", ["x"])
    case "StdBackward0": return ("∂/∂x = g·(x − x̄)/((N − correction)·out)", ["x"])
    case "BmmBackward0": return ("∂/∂A = g·Bᵀ, ∂/∂B = Aᵀ·g, batch by batch", ["A", "B"])
    case "FloorBackward0", "CeilBackward0", "RoundBackward0", "RoundBackward1":
      return ("∂/∂x = 0 (flat between the integers)", ["x"])
    case "GatherBackward0": return ("∂/∂x = zeros, with g added where it was gathered", ["x"])
    case "CatBackward0": return ("∂/∂x_k = the slice of g that came from x_k", [])
    case "WhereBackward0":
      return ("∂/∂a = g where cond, ∂/∂b = g where not cond", ["cond", "a", "b"])
    case "CloneBackward0": return ("∂/∂x = g", ["x"])
    case "ToCopyBackward0": return ("∂/∂x = g, converted back to x's dtype", ["x"])
    default: return nil
    }
  }

  // MARK: - :gradcheck

  /// `:gradcheck y` for a tensor.
  static func gradCheckRefusal(_ expression: String) -> String {
    """
    :gradcheck cannot recompute \(expression) from the tensor alone: its graph keeps the \
    backward rules, not the forward computation, so nudging a leaf would not change it. Put \
    the computation in a function of no arguments that returns the scalar, and check that:
        def f(): return ((x @ w).tanh() ** 2).sum()
        :gradcheck f
    Each element of each leaf that requires grad is nudged by ±ε, f() runs again, and the \
    slope is compared with the gradient backpropagation gives.
    """
  }

  /// f() returned a tensor of more than one element.
  static func checkNotScalar(_ t: Tensor) -> String {
    "f() returned a tensor of shape \(shapeText(t.shape)): :gradcheck compares slopes of a "
      + "scalar; return a loss or a .sum()"
  }

  /// f() returned a tensor with no graph.
  static func checkNoGraph(_ t: Tensor) -> String {
    t.requiresGrad
      ? "f() returned a leaf: there is nothing to differentiate; return a result computed "
        + "from tensors that require grad"
      : "f() returned a tensor that does not require grad (computed under torch.no_grad(), "
        + "or from tensors without requires_grad=True): there is no gradient to check"
  }

  /// Two calls of f gave different values.
  static func checkNotRepeatable(_ first: Double, _ second: Double) -> String {
    "f() returned \(number(first)) and then \(number(second)): finite differences need f to "
      + "give the same value for the same leaves; draw random tensors outside f (or call "
      + "torch.manual_seed inside it), and leave dropout out"
  }

  /// No leaf of f()'s graph is the same tensor from one call to the next.
  static let checkNoPersistentLeaf =
    "no leaf that requires grad is the same tensor from one call of f to the next: make the "
    + "leaves outside f (w = torch.randn(3, requires_grad=True) at the prompt) and use them "
    + "inside it"

  /// The first line of the report.
  static func checkHeading(value: Double, dtype: DType) -> String {
    "gradient check of f() = \(number(value)) (\(dtype.rawValue)): backprop against central "
      + "differences (f(x + ε) − f(x − ε)) / 2ε"
  }

  /// The column titles of the table.
  static let checkColumns = [
    "leaf", "shape", "dtype", "checked", "max abs err", "max rel err", "",
  ]

  /// A row's verdict.
  static func verdict(_ ok: Bool) -> String { ok ? "ok" : "NOT OK" }

  /// `3 of 12`, `100 of 4,096`.
  static func checked(_ n: Int, of total: Int) -> String {
    groupedThousands(n) + " of " + groupedThousands(total)
  }

  /// The worst element of a leaf that failed.
  static func worstElement(_ leaf: String, index: String, analytic: Double, numeric: Double)
    -> String
  {
    "  worst: \(leaf)[\(index)]: backprop \(number(analytic)), finite differences "
      + "\(number(numeric))"
  }

  /// The lines after the table.
  static func checkNotes(
    passed: Bool, tolerance64: Bool, tolerance32: Bool, capped: [String], cap: Int,
    madeAnew: Int, outside: [String]
  ) -> [String] {
    var notes: [String] = []
    notes.append(
      passed
        ? "every leaf agrees with finite differences"
        : "some gradients disagree with finite differences: see the rows marked NOT OK")
    if tolerance64 {
      notes.append("float64: ok means |backprop − numeric| ≤ 1e-05 + 0.001·|numeric|, ε = 1e-06")
    }
    if tolerance32 {
      notes.append(
        "float32: ok means |backprop − numeric| ≤ 0.001 + 0.01·|numeric|, ε = 1e-03; float32 "
          + "rounds to about 7 digits, so the check is only indicative: make the leaves "
          + "float64 (w = w.double().detach().requires_grad_()) for a real one")
    }
    if !capped.isEmpty {
      notes.append(
        "\(capped.joined(separator: ", ")): at most \(cap) elements per leaf are checked, "
          + "spread evenly over it")
    }
    if madeAnew > 0 {
      notes.append(
        "\(madeAnew) lea\(madeAnew == 1 ? "f is" : "ves are") made anew by each call of f "
          + "(such as a torch.randn inside it): not checked")
    }
    if !outside.isEmpty {
      notes.append(
        "note: \(outside.joined(separator: ", ")) \(outside.count == 1 ? "is" : "are") computed "
          + "outside f, so nudging a leaf does not recompute \(outside.count == 1 ? "it" : "them")"
          + "; build the whole computation inside f")
    }
    return notes
  }

  /// Ctrl-C before the finite differences began.
  static let checkInterruptedEarly =
    ":gradcheck stopped before it nudged any element; every leaf's data and .grad are as "
    + "they were"

  /// Ctrl-C during the check.
  static func checkInterrupted(done: Int, total: Int) -> String {
    ":gradcheck stopped after \(done) of \(total) element\(total == 1 ? "" : "s"); every "
      + "leaf's data and .grad are as they were"
  }
}
