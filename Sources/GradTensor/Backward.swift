// Every backward rule of the engine, one per primitive.
//
// Notation: g = ∂L/∂out (the incoming gradient, shaped like the output); each rule returns
// ∂L/∂input for every input, shaped like that input. Operands that were broadcast get their
// gradient summed back to their own shape (sumToShape). Rules run inside noGrad, so the
// tensor operations they use are not recorded.

/// A recorded primitive with the values its derivative needs.
///
/// A rule that needs the operation's own output saves a detached alias of it (same storage,
/// another object): saving the output itself would make output → node → rule → output a
/// reference cycle, and graphs that never see backward() would never be freed.
enum BackwardRule {
  /// out = x (clone, contiguous): ∂x = g
  case identity
  /// out = x converted to another float dtype: ∂x = g converted back
  case cast(from: DType)
  /// out = a + b: ∂a = g, ∂b = g
  case add(aShape: [Int], bShape: [Int])
  /// out = a − b: ∂a = g, ∂b = −g
  case sub(aShape: [Int], bShape: [Int])
  /// out = a · b: ∂a = g · b, ∂b = g · a
  case mul(Tensor, Tensor)
  /// out = a / b: ∂a = g / b, ∂b = −g · a / b²
  case div(Tensor, Tensor)
  /// out = −x: ∂x = −g
  case neg
  /// out = eˣ: ∂x = g · out
  case exp(out: Tensor)
  /// out = ln x: ∂x = g / x
  case log(Tensor)
  /// out = tanh x: ∂x = g · (1 − out²)
  case tanh(out: Tensor)
  /// out = σ(x) = 1 / (1 + e⁻ˣ): ∂x = g · out · (1 − out)
  case sigmoid(out: Tensor)
  /// out = max(x, 0): ∂x = g where out > 0, else 0
  case relu(out: Tensor)
  /// out = √x: ∂x = g / (2 · out)
  case sqrt(out: Tensor)
  /// out = xᵖ: ∂x = g · p · xᵖ⁻¹
  case pow(Tensor, exponent: Double)
  /// out = |x|: ∂x = g · sign(x)
  case abs(Tensor)
  /// out = min(max(x, lo), hi): ∂x = g where lo ≤ x ≤ hi, else 0
  case clamp(Tensor, min: Double?, max: Double?)
  /// out = A · B (batched, ≥ 2-D): ∂A = g · Bᵀ, ∂B = Aᵀ · g (summed over broadcast batches)
  case matmul(Tensor, Tensor)
  /// out = Σ over dims: ∂x = g broadcast back over the summed dims
  case sum(inputShape: [Int], dims: [Int], keepdim: Bool)
  /// out = Σ over dims / n: ∂x = g / n broadcast back over the averaged dims
  case mean(inputShape: [Int], dims: [Int], keepdim: Bool, count: Int)
  /// out = max/min along dim with indices: ∂x = g scattered to the winning positions
  case reduceSelect(inputShape: [Int], dim: Int, keepdim: Bool, indices: Tensor, largest: Bool)
  /// out = max/min over all elements: ∂x = g shared equally by the elements equal to out
  case reduceAll(Tensor, out: Tensor, largest: Bool)
  /// out = softmax(x) along dim: ∂x = out · (g − Σ_dim g · out)
  case softmax(out: Tensor, dim: Int)
  /// out = log_softmax(x) along dim: ∂x = g − softmax(x) · Σ_dim g
  case logSoftmax(out: Tensor, dim: Int)
  /// loss_i = logsumexp(x_i) − x_i[t_i]: ∂x_ij = scale_i · (softmax(x_i)_j − [j = t_i]),
  /// softmax kept as its numerators e^(x − max) and 1 / Σ per row
  case crossEntropy(
    exponentials: Tensor, inverseSums: Tensor, target: Tensor, scale: CrossEntropyScale,
    ignoreIndex: Int64)
  /// loss = reduce((x − y)²), d = x − y kept: ∂x = 2·d·g (g / count for the mean, g for
  /// the sum, g elementwise for none), ∂y = −∂x, each summed back to its own shape
  case mseLoss(difference: Tensor, inputShape: [Int], targetShape: [Int], reduction: LossReduction)
  /// loss_i = −x[i, t_i]: ∂x = −g·scale_i at (i, t_i), 0 elsewhere
  case nllLoss(inputShape: [Int], target: Tensor, scale: CrossEntropyScale, ignoreIndex: Int64)
  /// out = x viewed with another shape: ∂x = g reshaped back
  case reshape(inputShape: [Int], name: String)
  /// out = x with dims permuted by p: ∂x = g permuted by p⁻¹
  case permute([Int], name: String)
  /// out = x expanded (broadcast) to a bigger shape: ∂x = g summed back to x's shape
  case expand(inputShape: [Int])
  /// out = x[indices] (a view): ∂x = zeros with g written into the same view
  case index(inputShape: [Int], dtype: DType, indices: [TensorIndex])
  /// out = x[index] along dim (copy): ∂x = zeros with g added at the selected rows
  case indexSelect(inputShape: [Int], dim: Int, index: Tensor)
  /// out[…, :] = W[indices[…], :] (an embedding lookup): ∂W = zeros with each row of g added
  /// to the row it was read from (a word seen twice collects both gradients)
  case embedding(weightShape: [Int], indices: Tensor)
  /// out[i][j] = x[i][index[i][j]] (along dim): ∂x = zeros with g scatter-added back
  case gather(inputShape: [Int], dim: Int, index: Tensor)
  /// out = x.flat[positions] (advanced indexing, torch.diag of a matrix): ∂x = zeros with g
  /// added at the positions (an element picked twice gets both gradients)
  case take(inputShape: [Int], positions: Tensor, name: String)
  /// out = zeros with v written at the positions (torch.diag of a vector): ∂v = g.flat[positions]
  case diagEmbed(inputShape: [Int], positions: Tensor)
  /// out = mask ? value : x: ∂x = g where not mask, 0 where the value was written
  case maskedFill(mask: Tensor, inputShape: [Int])
  /// out = Π over dims: ∂x_j = g · Π_{i≠j} x_i (prefix · suffix products, exact at zeros)
  case prod(Tensor, dims: [Int], keepdim: Bool, whole: Bool)
  /// out_i = Σ_{j≤i} x_j along dim: ∂x_j = Σ_{i≥j} g_i (a running sum from the end)
  case cumsum(dim: Int)
  /// out = Σ (x − x̄)² / d over dims: ∂x = g · 2 (x − x̄) / d
  case variance(centred: Tensor, dims: [Int], keepdim: Bool, divisor: Double)
  /// out = √(Σ (x − x̄)² / d) over dims: ∂x = g · (x − x̄) / (d · out)
  case standardDeviation(centred: Tensor, out: Tensor, dims: [Int], keepdim: Bool, divisor: Double)
  /// out = A · B for 3-D batches (bmm): ∂A = g · Bᵀ, ∂B = Aᵀ · g
  case bmm(Tensor, Tensor)
  /// out = concatenation along dim: ∂x_k = the slice of g that came from x_k
  case cat(dim: Int, sizes: [Int])
  /// out = cond ? a : b: ∂a = g where cond, ∂b = g where not cond
  case whereSelect(condition: Tensor, aShape: [Int], bShape: [Int])
  /// out = f(x₁, …, xₙ), a fused computation with a hand-written rule: ∂x_k = rule's k-th
  /// gradient (checked against x_k's shape, converted to its dtype)
  case custom(any CustomBackward, inputShapes: [[Int]], inputDTypes: [DType])
  /// The saved tensors were freed by a previous backward().
  case released

  /// PyTorch-style node name, shown as `grad_fn=<MulBackward0>`.
  var name: String {
    switch self {
    case .identity: return "CloneBackward0"
    case .cast: return "ToCopyBackward0"
    case .add: return "AddBackward0"
    case .sub: return "SubBackward0"
    case .mul: return "MulBackward0"
    case .div: return "DivBackward0"
    case .neg: return "NegBackward0"
    case .exp: return "ExpBackward0"
    case .log: return "LogBackward0"
    case .tanh: return "TanhBackward0"
    case .sigmoid: return "SigmoidBackward0"
    case .relu: return "ReluBackward0"
    case .sqrt: return "SqrtBackward0"
    case .pow: return "PowBackward0"
    case .abs: return "AbsBackward0"
    case .clamp: return "ClampBackward1"
    case .matmul: return "MmBackward0"
    case .sum(let shape, let dims, _):
      return dims.count == shape.count ? "SumBackward0" : "SumBackward1"
    case .mean(let shape, let dims, _, _):
      return dims.count == shape.count ? "MeanBackward0" : "MeanBackward1"
    case .reduceSelect(_, _, _, _, let largest): return largest ? "MaxBackward0" : "MinBackward0"
    case .reduceAll(_, _, let largest): return largest ? "MaxBackward1" : "MinBackward1"
    case .softmax: return "SoftmaxBackward0"
    case .logSoftmax: return "LogSoftmaxBackward0"
    case .crossEntropy: return "NllLossBackward0"
    case .mseLoss: return "MseLossBackward0"
    case .nllLoss: return "NllLossBackward0"
    case .reshape(_, let name): return name
    case .permute(_, let name): return name
    case .expand: return "ExpandBackward0"
    case .index(_, _, let indices):
      if indices.allSatisfy({ $0 == .newAxis }) { return "UnsqueezeBackward0" }
      let selects = indices.contains { if case .at = $0 { return true } else { return false } }
      let slices = indices.contains { if case .slice = $0 { return true } else { return false } }
      return selects && !slices ? "SelectBackward0" : "SliceBackward0"
    case .indexSelect: return "IndexSelectBackward0"
    case .embedding: return "EmbeddingBackward0"
    case .gather: return "GatherBackward0"
    case .take(_, _, let name): return name
    case .diagEmbed: return "DiagEmbedBackward0"
    case .maskedFill: return "MaskedFillBackward0"
    case .prod(_, _, _, let whole): return whole ? "ProdBackward0" : "ProdBackward1"
    case .cumsum: return "CumsumBackward0"
    case .variance: return "VarBackward0"
    case .standardDeviation: return "StdBackward0"
    case .bmm: return "BmmBackward0"
    case .cat: return "CatBackward0"
    case .whereSelect: return "WhereBackward0"
    case .custom(let rule, _, _): return rule.name
    case .released: return "FreedBackward"
    }
  }

  /// The operation's own name, for anomaly messages ("log produced nan").
  var forwardName: String {
    if case .crossEntropy = self { return "cross_entropy" }
    if case .mseLoss = self { return "mse_loss" }
    if case .nllLoss = self { return "nll_loss" }
    let n = name
    guard let r = n.range(of: "Backward") else { return n }
    return n[..<r.lowerBound].lowercased()
  }

  /// Whether the rule keeps tensors alive (those rules are released after backward).
  var savesTensors: Bool {
    switch self {
    case .custom(let rule, _, _): return rule.savesTensors
    case .identity, .cast, .add, .sub, .neg, .sum, .mean, .reshape, .permute, .expand, .index, .cat,
      .cumsum, .released:
      return false
    default: return true
    }
  }

  /// Whether the gradients a rule returns are new tensors that nothing else references.
  enum GradientOwnership {
    /// Freshly allocated by the rule.
    case fresh
    /// A view of the incoming gradient (reshape, permute): as exclusive as that gradient.
    case viewOfIncoming
    /// Possibly the incoming gradient itself, handed to several inputs (add, sub, cat, …).
    case shared
    /// Unknown (a custom rule): fresh unless it shares storage with the incoming gradient or
    /// with another input's gradient.
    case unlessShared
  }

  var gradientOwnership: GradientOwnership {
    switch self {
    case .custom: return .unlessShared
    case .reshape, .permute: return .viewOfIncoming
    case .identity, .cast, .add, .sub, .expand, .cat, .released: return .shared
    default: return .fresh
    }
  }

  /// ∂L/∂input for each input, given g = ∂L/∂out; nil where `needs` is false.
  ///
  /// With `consumeSaved` (the graph is released afterwards) a rule may reuse its saved buffers
  /// for the result.
  func gradients(_ g: Tensor, needs: [Bool], consumeSaved: Bool = false) throws -> [Tensor?] {
    func need(_ i: Int) -> Bool { i < needs.count && needs[i] }
    switch self {
    case .identity:
      return [g]
    case .cast(let from):
      return [try g.to(from)]
    case .add(let aShape, let bShape):
      return [
        need(0) ? try g.sumToShape(aShape) : nil,
        need(1) ? try g.sumToShape(bShape) : nil,
      ]
    case .sub(let aShape, let bShape):
      return [
        need(0) ? try g.sumToShape(aShape) : nil,
        need(1) ? try g.neg().sumToShape(bShape) : nil,
      ]
    case .mul(let a, let b):
      return [
        need(0) ? try (g * b).sumToShape(a.shape) : nil,
        need(1) ? try (g * a).sumToShape(b.shape) : nil,
      ]
    case .div(let a, let b):
      return [
        need(0) ? try (g / b).sumToShape(a.shape) : nil,
        need(1) ? try ((g * a).neg() / (b * b)).sumToShape(b.shape) : nil,
      ]
    case .neg:
      return [try g.neg()]
    case .exp(let out):
      return [try g * out]
    case .log(let x):
      return [try g / x]
    case .tanh(let out):
      return [try fusedDerivative(g, out, .tanh)]
    case .sigmoid(let out):
      return [try fusedDerivative(g, out, .sigmoid)]
    case .relu(let out):
      return [try fusedDerivative(g, out, .relu)]
    case .sqrt(let out):
      return [try g / (out * 2.0)]
    case .pow(let x, let p):
      return [try g * (x.pow(p - 1) * p)]
    case .abs(let x):
      return [try g * x.sign()]
    case .clamp(let x, let lo, let hi):
      let inside = try x.clampMask(min: lo, max: hi)
      return [try g * inside]
    case .matmul(let a, let b):
      // Batched: A (…, n, k), B (…, k, m), g (…, n, m). When an operand is a transposed
      // view (a weight used as Wᵀ), its gradient is computed transposed too, (g · Bᵀ)ᵀ =
      // B · gᵀ, so that undoing the view yields contiguous memory instead of a strided copy.
      func gradient(_ x: Tensor, _ product: () throws -> Tensor, _ transposed: () throws -> Tensor)
        throws -> Tensor
      {
        let isTransposedView = x.ndim == 2 && x.strides[0] == 1 && x.shape[0] > 1 && x.shape[1] > 1
        return try (isTransposedView ? transposed().mT : product()).sumToShape(x.shape)
      }
      return [
        need(0) ? try gradient(a, { try g.matmul(b.mT) }, { try b.matmul(g.mT) }) : nil,
        need(1) ? try gradient(b, { try a.mT.matmul(g) }, { try g.mT.matmul(a) }) : nil,
      ]
    case .sum(let inputShape, let dims, let keepdim):
      var kept = g
      if !keepdim {
        for d in dims.sorted() { kept = try kept.unsqueeze(d) }
      }
      // Always a new tensor (the rule's gradient is owned, see gradientOwnership).
      return [try kept.expand(inputShape).copyData(to: g.dtype)]
    case .mean(let inputShape, let dims, let keepdim, let n):
      var kept = g
      if !keepdim {
        for d in dims.sorted() { kept = try kept.unsqueeze(d) }
      }
      return [try (kept / Double(n)).expand(inputShape).contiguous()]
    case .reduceSelect(let inputShape, let dim, let keepdim, let indices, _):
      let gk = keepdim ? g : try g.unsqueeze(dim)
      let ik = keepdim ? indices : try indices.unsqueeze(dim)
      let dx = try Tensor.zeros(inputShape, dtype: g.dtype)
      try dx.scatterAdd_(dim: dim, index: ik, source: gk)
      return [dx]
    case .reduceAll(let x, let out, _):
      let mask = try (x .== out).to(g.dtype)
      let ties = try mask.sum()
      return [try mask * (g / ties)]
    case .softmax(let out, let dim):
      let gy = try g * out
      return [try out * (g - gy.sum(dims: [dim], keepdim: true))]
    case .logSoftmax(let out, let dim):
      return [try logSoftmaxBackward(g, out: out, dim: dim)]
    case .crossEntropy(let exponentials, let inverseSums, let target, let scale, let ignoreIndex):
      return [
        try crossEntropyBackward(
          g, exponentials: exponentials, inverseSums: inverseSums, target: target, scale: scale,
          ignoreIndex: ignoreIndex, inPlace: consumeSaved)
      ]
    case .mseLoss(let d, let inputShape, let targetShape, let reduction):
      // ∂/∂d of Σ d² is 2d; the mean divides by the element count.
      let scale = reduction == .mean ? 2 / Double(max(d.count, 1)) : 2
      let dd = try d * (reduction == .none ? g : g.expand(d.shape)) * scale
      return [
        need(0) ? try dd.sumToShape(inputShape) : nil,
        need(1) ? try dd.neg().sumToShape(targetShape) : nil,
      ]
    case .nllLoss(let inputShape, let target, let scale, let ignoreIndex):
      return [try nllLossBackward(g, inputShape, target, scale, ignoreIndex)]
    case .reshape(let inputShape, _):
      return [try g.reshape(inputShape)]
    case .permute(let dims, _):
      var inverse = [Int](repeating: 0, count: dims.count)
      for (i, d) in dims.enumerated() { inverse[d] = i }
      return [try g.permute(inverse)]
    case .expand(let inputShape):
      return [try g.sumToShape(inputShape)]
    case .index(let inputShape, let dtype, let indices):
      let dx = try Tensor.zeros(inputShape, dtype: dtype)
      try dx.index(indices).add_(g)
      return [dx]
    case .indexSelect(let inputShape, let dim, let index):
      let dx = try Tensor.zeros(inputShape, dtype: g.dtype)
      try dx.indexAdd_(dim: dim, index: index, source: g)
      return [dx]
    case .embedding(let weightShape, let indices):
      let dW = try Tensor.zeros(weightShape, dtype: g.dtype)
      try dW.indexAdd_(dim: 0, index: indices, source: g.reshape([-1, weightShape[1]]))
      return [dW]
    case .gather(let inputShape, let dim, let index):
      let dx = try Tensor.zeros(inputShape, dtype: g.dtype)
      try dx.scatterAdd_(dim: dim, index: index, source: g)
      return [dx]
    case .take(let inputShape, let positions, _):
      return [try scatterAddFlat(g, positions: positions, into: inputShape)]
    case .diagEmbed(let inputShape, let positions):
      return [try g.take(positions, shape: inputShape)]
    case .maskedFill(let mask, let inputShape):
      let zero = try Tensor.zeros([], dtype: g.dtype)
      return [try Tensor.where(mask, zero, g).sumToShape(inputShape)]
    case .prod(let x, let dims, let keepdim, _):
      let gk = try keptDims(g, dims, keepdim)
      return [try gk.expand(x.shape) * x.productsOfOthers(dims)]
    case .cumsum(let dim):
      return [try g.runningSum(dim: dim, reverse: true)]
    case .variance(let centred, let dims, let keepdim, let divisor):
      let gk = try keptDims(g, dims, keepdim)
      return [try gk * centred * (2 / divisor)]
    case .standardDeviation(let centred, let out, let dims, let keepdim, let divisor):
      let gk = try keptDims(g, dims, keepdim)
      let sk = try keptDims(out, dims, keepdim)
      return [try gk * centred / (sk * divisor)]
    case .bmm(let a, let b):
      return [
        need(0) ? try g.matmul(b.mT) : nil,
        need(1) ? try a.mT.matmul(g) : nil,
      ]
    case .cat(let dim, let sizes):
      var start = 0
      var out: [Tensor?] = []
      for (i, size) in sizes.enumerated() {
        out.append(need(i) ? try g.narrow(dim: dim, start: start, length: size) : nil)
        start += size
      }
      return out
    case .whereSelect(let condition, let aShape, let bShape):
      let zero = try Tensor.zeros([], dtype: g.dtype)
      return [
        nil,
        need(1) ? try Tensor.where(condition, g, zero).sumToShape(aShape) : nil,
        need(2) ? try Tensor.where(condition, zero, g).sumToShape(bShape) : nil,
      ]
    case .custom(let rule, let shapes, let dtypes):
      let grads = try rule.gradients(g, needs: needs)
      guard grads.count == shapes.count else {
        throw TensorError(
          .autograd,
          "\(rule.name) returned \(grads.count) gradients, but its node has \(shapes.count) "
            + "inputs: return one per input, nil where none is needed")
      }
      return try grads.indices.map { k in
        guard let gk = grads[k] else { return nil }
        guard gk.shape == shapes[k] else {
          throw TensorError(
            .shapeMismatch,
            "\(rule.name) returned a gradient of shape \(shapeString(gk.shape)) for input \(k), "
              + "which has shape \(shapeString(shapes[k]))")
        }
        return try gk.to(dtypes[k])
      }
    case .released:
      throw TensorError(.autograd, "backward through a freed graph")
    }
  }
}

/// How cross-entropy's per-row losses were reduced, which fixes the scale of each row's
/// gradient.
enum CrossEntropyScale {
  /// reduction "mean": every counted row gets g / count.
  case mean(count: Int)
  /// reduction "sum": every counted row gets g.
  case sum
  /// reduction "none": row i gets g[i].
  case none
}

/// A reduction's output (or gradient) with the reduced dims put back as size 1, so it
/// broadcasts against the input.
private func keptDims(_ t: Tensor, _ dims: [Int], _ keepdim: Bool) throws -> Tensor {
  if keepdim { return t }
  var kept = t
  for d in dims.sorted() { kept = try kept.unsqueeze(d) }
  return kept
}

enum FusedDerivative { case tanh, sigmoid, relu }

/// One pass over g and the saved output for the activations, instead of three temporaries.
private func fusedDerivative(_ g: Tensor, _ y: Tensor, _ kind: FusedDerivative) throws -> Tensor {
  let shape = try broadcastShapes(g.shape, y.shape, "backward")
  var g = try g.to(y.dtype)
  if y.dtype == .float32 && y.isContiguous && g.shape == y.shape {
    if !g.isContiguous { g = try g.copyData(to: .float32) }
    let out = try Tensor(empty: shape, dtype: .float32)
    let pg = g.storage.typed(Float.self) + g.storageOffset
    let py = y.storage.typed(Float.self) + y.storageOffset
    let po = out.storage.typed(Float.self)
    let n = out.count
    switch kind {
    case .tanh: zipFloat8(pg, py, po, n, { g, y in g * (1 - y * y) }, { g, y in g * (1 - y * y) })
    case .sigmoid:
      zipFloat8(pg, py, po, n, { g, y in g * y * (1 - y) }, { g, y in g * y * (1 - y) })
    case .relu:
      zipFloat8(
        pg, py, po, n, { g, y in g.replacing(with: 0, where: y .<= 0) }, { g, y in y > 0 ? g : 0 })
    }
    return out
  }
  switch (y.dtype, kind) {
  case (.float32, .tanh):
    return try mapBinary(g, y, shape: shape, Float.self) { g, y in g * (1 - y * y) }
  case (.float32, .sigmoid):
    return try mapBinary(g, y, shape: shape, Float.self) { g, y in g * y * (1 - y) }
  case (.float32, .relu):
    return try mapBinary(g, y, shape: shape, Float.self) { g, y in y > 0 ? g : 0 }
  case (_, .tanh): return try mapBinary(g, y, shape: shape, Double.self) { g, y in g * (1 - y * y) }
  case (_, .sigmoid):
    return try mapBinary(g, y, shape: shape, Double.self) { g, y in g * y * (1 - y) }
  case (_, .relu): return try mapBinary(g, y, shape: shape, Double.self) { g, y in y > 0 ? g : 0 }
  }
}
