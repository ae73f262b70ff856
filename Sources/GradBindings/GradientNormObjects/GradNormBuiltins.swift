// Built-ins for the vanishing/exploding-gradient experiments: gradnorms(), jacobian_norms(),
// gamma(), spectral_radius(), rescale_radius().

import Foundation
import GradLanguage
import GradModels
import GradTensor

enum GradNormBuiltins: BuiltinProvider {
  static let settingsSignature =
    "kind='rnn', radius=0.9, T=50, hidden=64, activation='tanh', alpha=0.5, seed=0, clip=None,"
    + " loss='last', inputs=16, scale=1.0"

  static func register(in table: inout BuiltinTable) {
    table.add(
      "gradnorms",
      signature:
        "gradnorms(\(settingsSignature), W_hh=None, W_xh=None, x=None, v=None) or "
        + "gradnorms(model, sequence)",
      doc: """
        gradnorms(model, 'the cat sat on'): for a trained RNN, LeakyRNN, LSTM or GRU, \
        ‖∂L/∂h_k‖ for the hidden states h_0 … h_T over the sequence's first T words, L the \
        cross-entropy of predicting its last word from them (one row per layer when there are \
        several). \
        Otherwise ‖∂L/∂h_k‖ for k = 0 … T of a random recurrent network, as a float64 tensor of T + 1 \
        numbers. W_hh is one random matrix rescaled to spectral radius `radius`; the loss is \
        L = v·h_T (loss='every': Σ_t v·h_t); clip=c clips each ∂L/∂h_k to norm c on the way \
        back. Same seed, same W: only the radius changes between calls. Your own tensors \
        replace the random ones: W_hh=[G·H, H], W_xh=[G·H, D], x=[T, D], v=[H] (radius is \
        then not applied; use rescale_radius).
        """
    ) { (args, _) throws(ReplError) in
      if case .object(let object) = args.positional.first,
        let model = object as? LanguageModelObject
      {
        return try trainedModelNorms(model, args)
      }
      let run = try network(args, function: "gradnorms")
      let flow: GradientFlow
      do throws(DiagnosticError) {
        let trace = try run.weights.forward(inputs: run.inputs, steps: run.settings.steps)
        flow = try trace.backward(
          lossWeights: run.lossWeights, loss: run.settings.loss,
          clipThreshold: run.settings.clipThreshold)
      } catch {
        throw .value("gradnorms(): \(error.message)")
      }
      return try tensor(flow.hiddenNorms)
    }
    table.add(
      "jacobian_norms",
      signature: "jacobian_norms(\(settingsSignature), W_hh=None, W_xh=None, x=None, v=None)",
      doc: """
        ‖∂h_t/∂h_{t−1}‖₂ for t = 1 … T (the step Jacobians, Diag(φ′(a_t))·W_hh for an RNN; \
        (h, C) for the LSTM), largest singular values by power iteration, as a tensor of T numbers.
        """
    ) { (args, _) throws(ReplError) in
      let run = try network(args, function: "jacobian_norms")
      let norms: [Double]
      do throws(DiagnosticError) {
        let trace = try run.weights.forward(inputs: run.inputs, steps: run.settings.steps)
        norms = try trace.stepJacobianNorms()
      } catch {
        throw .value("jacobian_norms(): \(error.message)")
      }
      return try tensor(norms)
    }
    table.add(
      "gamma", signature: "gamma(W=None, activation='tanh', \(settingsSignature))",
      doc: """
        The lecture's constants as a dict: gamma_w = ‖W_hh‖₂, gamma_h = sup|φ′| (1 tanh, 0.25 \
        sigmoid, 1 ReLU), radius = ρ(W_hh), step = α + (1 − α)·gamma_h·gamma_w, the most one \
        step can stretch a gradient. Of a square tensor W, or of the random network's W_hh.
        """
    ) { (args, _) throws(ReplError) in
      if let first = args.positional.first {
        try args.check("gamma", positional: 1, 1, keywords: ["activation", "alpha"])
        let (w, n) = try squareMatrix(first, function: "gamma")
        var phi = Nonlinearity.tanh
        if let a = args.keyword("activation") {
          guard case .str(let name) = a, let p = Nonlinearity(rawValue: name) else {
            throw .value("gamma(): activation= must be 'tanh', 'relu' or 'sigmoid'")
          }
          phi = p
        }
        let alpha = try args.keyword("alpha")?.number(for: "gamma") ?? 0
        guard alpha >= 0, alpha <= 1 else { throw .value("gamma(): alpha must lie in [0, 1]") }
        let gammas = RecurrentGammas(
          weightNorm: MatrixSpectra.spectralNorm(w, rows: n, columns: n),
          derivativeBound: phi.derivativeBound,
          spectralRadius: MatrixSpectra.spectralRadius(w, size: n), leak: alpha)
        return try dictionary(gammas)
      }
      let s = try GradNormSettings.settings(from: args, function: "gamma")
      return try dictionary(GradNormSettings.network(s, function: "gamma").gammas())
    }
    table.add(
      "spectral_radius", signature: "spectral_radius(W)",
      doc: """
        ρ(W) = max|λ| of a square tensor, by Gelfand's formula ρ = lim ‖W^m‖^(1/m) (works when \
        the largest eigenvalues are a complex pair, where power iteration on W keeps rotating).
        """
    ) { (args, _) throws(ReplError) in
      try args.check("spectral_radius", positional: 1)
      let (w, n) = try squareMatrix(args.positional[0], function: "spectral_radius")
      return .float(MatrixSpectra.spectralRadius(w, size: n))
    }
    table.add(
      "rescale_radius", signature: "rescale_radius(W, radius)",
      doc: "W·radius/ρ(W): the same matrix scaled to spectral radius `radius` (float64)."
    ) { (args, _) throws(ReplError) in
      try args.check("rescale_radius", positional: 2)
      let (w, n) = try squareMatrix(args.positional[0], function: "rescale_radius")
      let radius = try args.positional[1].number(for: "rescale_radius")
      guard radius.isFinite, radius >= 0 else {
        throw .value("rescale_radius(): the radius must be a number ≥ 0")
      }
      guard let scaled = MatrixSpectra.rescaled(w, size: n, toRadius: radius) else {
        throw .value("rescale_radius(): ρ(W) = 0 (every eigenvalue is 0), so W cannot be scaled")
      }
      do {
        return .tensor(try Tensor(scaled, shape: [n, n], dtype: .float64))
      } catch {
        throw .value("rescale_radius(): \(error)")
      }
    }
  }

  /// The cell, inputs and v of one call: the random network of the settings, with any of
  /// W_hh, W_xh, x and v replaced by the student's own tensors.
  struct Run {
    var settings: GradientFlowSettings
    var weights: RecurrentCellWeights
    var inputs: [Double]
    var lossWeights: [Double]
  }

  static let tensorKeywords: Set<String> = ["W_hh", "W_xh", "x", "v"]

  static func network(_ args: Arguments, function: String) throws(ReplError) -> Run {
    var given: [String: Tensor] = [:]
    var rest = args
    rest.keywords = []
    for (name, value) in args.keywords {
      if tensorKeywords.contains(name) {
        given[name] = try tensorArgument(value, function)
      } else {
        rest.keywords.append((name, value))
      }
    }
    var s = try GradNormSettings.settings(from: rest, function: function)
    guard !given.isEmpty else {
      let net = try GradNormSettings.network(s, function: function)
      return Run(
        settings: s, weights: net.weights, inputs: net.inputs, lossWeights: net.lossWeights)
    }
    if let w = given["W_hh"] {
      guard w.ndim == 2, w.shape[1] >= 1, w.shape[1] <= GradientFlowSettings.maximumHiddenSize
      else {
        throw .value("\(function)(): W_hh must be a matrix [G·H, H], got shape \(w.shape)")
      }
      s.hiddenSize = w.shape[1]
    }
    if let x = given["x"] {
      guard x.ndim == 2, x.shape[0] >= 1, x.shape[1] >= 1 else {
        throw .value("\(function)(): x must be the inputs as [T, D], got shape \(x.shape)")
      }
      s.steps = x.shape[0]
      s.inputSize = x.shape[1]
    }
    if let wx = given["W_xh"], given["x"] == nil {
      guard wx.ndim == 2, wx.shape[1] >= 1 else {
        throw .value("\(function)(): W_xh must be a matrix [G·H, D], got shape \(wx.shape)")
      }
      s.inputSize = wx.shape[1]
    }
    let net = try GradNormSettings.network(s, function: function)
    do throws(DiagnosticError) {
      let weights = try RecurrentCellWeights(
        kind: s.kind, activation: s.activation, leak: s.leak, hiddenSize: s.hiddenSize,
        inputSize: s.inputSize,
        inputWeight: given["W_xh"]?.toDoubleArray() ?? net.weights.inputWeight,
        hiddenWeight: given["W_hh"]?.toDoubleArray() ?? net.weights.hiddenWeight)
      let v = given["v"]?.toDoubleArray() ?? net.lossWeights
      guard v.count == s.hiddenSize else {
        throw DiagnosticError("v needs H=\(s.hiddenSize) numbers, got \(v.count)")
      }
      return Run(
        settings: s, weights: weights, inputs: given["x"]?.toDoubleArray() ?? net.inputs,
        lossWeights: v)
    } catch {
      throw .value("\(function)(): \(error.message)")
    }
  }

  /// ‖∂L/∂h_k‖ of a trained recurrent model over a sequence: the loss is the
  /// cross-entropy of the sequence's last token given the tokens before it.
  static func trainedModelNorms(_ object: LanguageModelObject, _ args: Arguments)
    throws(ReplError) -> RValue
  {
    try args.check("gradnorms", positional: 2, 2)
    guard let model = object.model as? RecurrentLanguageModel else {
      throw .type(
        "gradnorms(model, sequence) needs an RNN, LeakyRNN, LSTM or GRU; an NPLM has no "
          + "hidden state over time")
    }
    var tokens: [TokenID] = []
    switch args.positional[1] {
    case .str(let text): tokens = object.tokenizer.encodePrompt(text)
    case .list(let list):
      for item in list.items {
        guard case .int(let id) = item, let token = TokenID(exactly: id) else {
          throw .type("gradnorms(): a sequence is a string or a list of token ids")
        }
        tokens.append(token)
      }
    default:
      throw .type("gradnorms(): a sequence is a string or a list of token ids")
    }
    guard tokens.count >= 2, let target = tokens.last else {
      throw .value(
        "gradnorms(): the sequence needs at least two tokens (the context and the word to "
          + "predict)")
    }
    let rows: [[Double]]
    do {
      rows = try model.hiddenStateGradientNorms(tokens: Array(tokens.dropLast()), target: target)
    } catch {
      throw .value("gradnorms(): \(error)")
    }
    if rows.count == 1 { return try tensor(rows[0]) }
    let columns = rows.first?.count ?? 0
    do {
      return .tensor(
        try Tensor(rows.flatMap { $0 }, shape: [rows.count, columns], dtype: .float64))
    } catch {
      throw .value("could not make a tensor: \(error)")
    }
  }

  static func tensor(_ values: [Double]) throws(ReplError) -> RValue {
    do {
      return .tensor(try Tensor(values, shape: [values.count], dtype: .float64))
    } catch {
      throw .value("could not make a tensor: \(error)")
    }
  }

  static func squareMatrix(_ v: RValue, function: String) throws(ReplError) -> ([Double], Int) {
    let t = try tensorArgument(v, function)
    guard t.ndim == 2, t.shape[0] == t.shape[1], t.shape[0] >= 1 else {
      throw .value("\(function)(): expected a square matrix, got shape \(t.shape)")
    }
    guard t.shape[0] <= 2048 else {
      throw .value("\(function)(): the matrix is too large (at most 2048 × 2048)")
    }
    return (t.toDoubleArray(), t.shape[0])
  }

  static func dictionary(_ g: RecurrentGammas) throws(ReplError) -> RValue {
    let d = DictBox()
    try d.set(.str("gamma_w"), .float(g.weightNorm))
    try d.set(.str("gamma_h"), .float(g.derivativeBound))
    try d.set(.str("radius"), .float(g.spectralRadius))
    try d.set(.str("step"), .float(g.stepFactor))
    return .dict(d)
  }
}
