// Bengio, Ducharme, Vincent and Jauvin (2003): "A Neural Probabilistic Language Model".
//
// Shape key: B batch, n = N − 1 context words, m embedding size, h hidden units, V vocabulary.
//
//   x = [C(w_{t−n}), …, C(w_{t−1})]              [B, n·m]   shared embedding C [V, m]
//   y = b + W·x + U·tanh(d + H·x)                [B, V]     logits
//   P(w_t = i | context) = softmax(y)_i
import Foundation
import GradBase
import GradTensor

/// Bengio's neural probabilistic language model, with its parameter table and the size an
/// N-gram table would need.
public final class NPLM: LanguageModel {
  public let configuration: ModelConfiguration
  public var isTraining = true

  /// C [V, m]: one feature vector per word, shared by all context positions.
  public let embedding: Tensor
  /// H [h, n·m]: context features → hidden layer.
  public let hiddenWeight: Tensor
  /// d [h]: hidden bias.
  public let hiddenBias: Tensor
  /// U [V, h]: hidden layer → output.
  public let outputWeight: Tensor
  /// W [V, n·m]: the optional direct connection from the features to the output.
  public let directWeight: Tensor?
  /// b [V]: output bias.
  public let outputBias: Tensor

  /// Builds the model with seeded initial weights: C ~ U(−0.1, 0.1), H, U, W ~ U(−1/√fan_in,
  /// 1/√fan_in) (PyTorch's `nn.Linear`), d and b zero.
  public init(_ configuration: ModelConfiguration) throws {
    try configuration.validate()
    guard configuration.kind == .nplm else {
      throw ModelError.invalidArgument("NPLM needs a configuration of kind nplm")
    }
    self.configuration = configuration
    let c = configuration
    let dtype = try c.elementType()
    var generator = SeededGenerator(seed: c.seed, stream: 0x4E50_4C4D)
    let width = c.contextSize * c.embeddingSize
    embedding = try uniformTensor(
      [c.vocabularySize, c.embeddingSize], bound: 0.1, dtype, &generator)
    hiddenWeight = try uniformTensor(
      [c.hiddenSize, width], bound: 1 / Double(width).squareRoot(), dtype, &generator)
    hiddenBias = try Tensor.zeros([c.hiddenSize], dtype: dtype)
    outputWeight = try uniformTensor(
      [c.vocabularySize, c.hiddenSize], bound: 1 / Double(c.hiddenSize).squareRoot(), dtype,
      &generator)
    directWeight =
      c.directConnection
      ? try uniformTensor(
        [c.vocabularySize, width], bound: 1 / Double(width).squareRoot(), dtype, &generator) : nil
    outputBias = try Tensor.zeros([c.vocabularySize], dtype: dtype)
    try markParametersTrainable()
  }

  public func namedParameters() -> [(name: String, tensor: Tensor)] {
    var out: [(name: String, tensor: Tensor)] = [
      ("C", embedding), ("H", hiddenWeight), ("d", hiddenBias), ("U", outputWeight),
    ]
    if let directWeight { out.append(("W", directWeight)) }
    out.append(("b", outputBias))
    return out
  }

  public var parameterTable: [ParameterInfo] {
    let roles = [
      "C": "word features (shared embedding)", "H": "features → hidden", "d": "hidden bias",
      "U": "hidden → output", "W": "features → output (direct connection)", "b": "output bias",
    ]
    return namedParameters().map {
      ParameterInfo(
        name: $0.name, shape: $0.tensor.shape, count: $0.tensor.count, role: roles[$0.name] ?? "")
    }
  }

  /// Entries an N-gram table over the same vocabulary would need: |V|^N, as a Double because
  /// it overflows Int already for |V| = 50,257 and N = 5.
  public var ngramTableSize: Double {
    pow(Double(configuration.vocabularySize), Double(configuration.contextSize + 1))
  }

  /// |V|^N written as a power and a rounded decimal: "50257^4 ≈ 6.38e18".
  public var ngramTableDescription: String {
    let c = configuration
    return "\(c.vocabularySize)^\(c.contextSize + 1) ≈ \(String(format: "%.3g", ngramTableSize))"
  }

  public var description: String {
    let c = configuration
    let total = parameterCount
    let table = formatParameterTable(
      parameterTable,
      title: "NPLM (Bengio et al. 2003): |V| = \(c.vocabularySize), N − 1 = \(c.contextSize), "
        + "m = \(c.embeddingSize), h = \(c.hiddenSize), direct connection "
        + (c.directConnection ? "on" : "off"))
    return table + "\n"
      + "  an N-gram table would need \(ngramTableDescription) entries, O(|V|^N); "
      + "this model has \(groupedThousands(total)), O(|V|·(N·m + h))"
  }

  /// Logits y for a batch of contexts.
  ///
  /// - Parameters:
  ///   - contexts: token ids [B, n] (int64 or any integer tensor), oldest word first.
  /// - Returns: y [B, V], one autograd node (`NPLMBackward`) after the embedding lookup.
  public func logits(contexts: Tensor) throws -> Tensor {
    let n = configuration.contextSize
    let m = configuration.embeddingSize
    guard contexts.ndim == 2, contexts.shape[1] == n else {
      throw ModelError.invalidArgument(
        "NPLM: contexts must have shape [batch, \(n)], got \(contexts.shape)")
    }
    try checkTokenRange(contexts, vocabularySize: configuration.vocabularySize)
    let B = contexts.shape[0]
    // x = [C(w_{t−n}), …, C(w_{t−1})]: the context's feature vectors side by side, [B, n·m]
    let x = try GradTensor.embedding(contexts.long(), self.embedding).reshape([B, n * m])
    switch embedding.dtype {
    case .float64: return try fusedOutput(x, Double.self)
    default: return try fusedOutput(x, Float.self)
    }
  }

  /// Logits for token ids given as Swift arrays: `contexts` has B·n entries, row-major.
  public func logits(contexts: [TokenID]) throws -> Tensor {
    let n = configuration.contextSize
    guard contexts.count % n == 0 else {
      throw ModelError.invalidArgument(
        "NPLM: \(contexts.count) context ids is not a whole number of windows of \(n)")
    }
    let ids = try Tensor(contexts.map { Int64($0) }, shape: [contexts.count / n, n])
    return try logits(contexts: ids)
  }

  /// y = b + W·x + U·tanh(d + H·x) over raw buffers, with its backward pass:
  ///
  /// ```
  /// a = d + H·x;  t = tanh(a);  y = b + W·x + U·t
  /// ∂U = gᵀ·t   ∂W = gᵀ·x   ∂b = Σ_rows g
  /// ∂a = (g·U)∘(1 − t²)   ∂H = ∂aᵀ·x   ∂d = Σ_rows ∂a
  /// ∂x = ∂a·H + g·W
  /// ```
  private func fusedOutput<S: KernelScalar>(_ input: Tensor, _: S.Type) throws -> Tensor {
    let x = try input.detach().contiguous()
    let B = x.shape[0]
    let K = x.shape[1]
    let h = configuration.hiddenSize
    let V = configuration.vocabularySize
    try checkBLASSizes(B, K, V)
    let px = try x.elements(S.self)
    let pH = try hiddenWeight.elements(S.self)
    let pd = try hiddenBias.elements(S.self)
    let pU = try outputWeight.elements(S.self)
    let pW = try directWeight?.elements(S.self)
    let pb = try outputBias.elements(S.self)
    let hidden = try Tensor.zeros([B, h], dtype: S.dtype)
    let pt = try hidden.elements(S.self)
    for r in 0..<B { (pt + r * h).update(from: pd, count: h) }
    S.gemm(
      transA: false, transB: true, m: B, n: h, k: K, alpha: 1, a: px, lda: K, b: pH, ldb: K,
      beta: 1, c: pt, ldc: h)
    S.tanh(pt, count: B * h)
    let y = try Tensor.zeros([B, V], dtype: S.dtype)
    let py = try y.elements(S.self)
    for r in 0..<B { (py + r * V).update(from: pb, count: V) }
    S.gemm(
      transA: false, transB: true, m: B, n: V, k: h, alpha: 1, a: pt, lda: h, b: pU, ldb: h,
      beta: 1, c: py, ldc: V)
    if let pW {
      S.gemm(
        transA: false, transB: true, m: B, n: V, k: K, alpha: 1, a: px, lda: K, b: pW, ldb: K,
        beta: 1, c: py, ldc: V)
    }
    // Inputs of the node: x, H, d, U, (W,) b; `needs` and the gradients follow that order.
    var inputs = [input, hiddenWeight, hiddenBias, outputWeight]
    if let directWeight { inputs.append(directWeight) }
    inputs.append(outputBias)
    let rule = FusedBackward(name: "NPLMBackward") { gradient, needs in
      let g = try gradient.to(S.dtype).contiguous()
      let pg = try g.elements(S.self)
      return try withExtendedLifetime((x, hidden, g)) {
        let dU = try Tensor.zeros([V, h], dtype: S.dtype)
        S.gemm(
          transA: true, transB: false, m: V, n: h, k: B, alpha: 1, a: pg, lda: V, b: pt, ldb: h,
          beta: 0, c: try dU.elements(S.self), ldc: h)
        let db = try rowSum(pg, rows: B, columns: V)
        let da = try Tensor.zeros([B, h], dtype: S.dtype)
        let pda = try da.elements(S.self)
        S.gemm(
          transA: false, transB: false, m: B, n: h, k: V, alpha: 1, a: pg, lda: V, b: pU, ldb: h,
          beta: 0, c: pda, ldc: h)
        for j in 0..<(B * h) { pda[j] *= 1 - pt[j] * pt[j] }
        let dH = try Tensor.zeros([h, K], dtype: S.dtype)
        S.gemm(
          transA: true, transB: false, m: h, n: K, k: B, alpha: 1, a: pda, lda: h, b: px, ldb: K,
          beta: 0, c: try dH.elements(S.self), ldc: K)
        let dd = try rowSum(UnsafePointer(pda), rows: B, columns: h)
        let dx = try Tensor.zeros([B, K], dtype: S.dtype)
        let pdx = try dx.elements(S.self)
        S.gemm(
          transA: false, transB: false, m: B, n: K, k: h, alpha: 1, a: pda, lda: h, b: pH, ldb: K,
          beta: 0, c: pdx, ldc: K)
        var gradients: [Tensor?] = [dx, dH, dd, dU]
        if let pW {
          let dW = try Tensor.zeros([V, K], dtype: S.dtype)
          S.gemm(
            transA: true, transB: false, m: V, n: K, k: B, alpha: 1, a: pg, lda: V, b: px, ldb: K,
            beta: 0, c: try dW.elements(S.self), ldc: K)
          S.gemm(
            transA: false, transB: false, m: B, n: K, k: V, alpha: 1, a: pg, lda: V, b: pW, ldb: K,
            beta: 1, c: pdx, ldc: K)
          gradients.append(dW)
        }
        gradients.append(db)
        return zip(gradients, needs).map { $1 ? $0 : nil }
      }
    }
    return try y.recorded(by: rule, inputs: inputs)
  }
}

/// Refuses token ids outside 0..<V with a message instead of an index trap.
func checkTokenRange(_ ids: Tensor, vocabularySize: Int) throws {
  for v in ids.toInt64Array() where v < 0 || v >= Int64(vocabularySize) {
    throw ModelError.invalidArgument(
      "token id \(v) is outside the vocabulary (0..<\(vocabularySize)); was the model built for "
        + "another vocabulary?")
  }
}
