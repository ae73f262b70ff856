// Reading the gradient-flow settings from built-in keywords (`radius=0.9`) and from the words
// of `:plot gradnorm radius=0.9 T=50`: one table of names, so both spell them the same way.

import GradLanguage
import GradModels

/// A setting's value before it is checked: a number, a word, or None/off.
enum GradNormSettingValue: Equatable {
  case number(Double)
  case word(String)
  case nothing

  /// From a command-line word: `0.9` is a number, `None`/`off` is nothing, the rest a word.
  init(text: String) {
    if ["none", "off"].contains(text.lowercased()) {
      self = .nothing
    } else if let x = Double(text) {
      self = .number(x)
    } else {
      self = .word(text)
    }
  }

  /// From a REPL value: ints, floats, bools, strings and None.
  init(_ value: RValue, name: String) throws(ReplError) {
    switch value {
    case .none: self = .nothing
    case .str(let s): self = .word(s)
    default:
      guard let x = value.asDouble else {
        throw .type("\(name)= expects a number or a string, got '\(value.typeName)'")
      }
      self = .number(x)
    }
  }
}

enum GradNormSettings {
  /// Every setting name with its meaning, for help texts and "did you mean".
  static let names: [(name: String, meaning: String)] = [
    ("kind", "rnn, leaky-rnn, lstm or gru (also model=)"),
    ("radius", "spectral radius ρ of W_hh"),
    ("T", "number of steps"),
    ("hidden", "hidden size H"),
    ("inputs", "input size D"),
    ("activation", "tanh, relu or sigmoid (RNNs)"),
    ("alpha", "leak α of the leaky RNN"),
    ("seed", "random seed of W, x and v"),
    ("clip", "clip ‖∂L/∂h_k‖ to this on the way back, or None"),
    ("loss", "'last' (L = v·h_T) or 'every' (L = Σ v·h_t)"),
    ("scale", "standard deviation of the inputs x_t (0: h stays 0)"),
  ]

  static var allowedNames: Set<String> { Set(names.map(\.name) + ["model"]) }

  /// Applies one setting; the message names the setting and what it accepts.
  static func apply(
    _ name: String, _ value: GradNormSettingValue, to s: inout GradientFlowSettings
  ) throws(ReplError) {
    func number() throws(ReplError) -> Double {
      guard case .number(let x) = value, x.isFinite else {
        throw .value("\(name)= expects a number")
      }
      return x
    }
    func integer(_ range: ClosedRange<Int>) throws(ReplError) -> Int {
      let x = try number()
      guard x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
        throw .value("\(name)= expects a whole number in \(range.lowerBound)…\(range.upperBound)")
      }
      return Int(x)
    }
    func word() throws(ReplError) -> String {
      guard case .word(let w) = value else { throw .value("\(name)= expects a name") }
      return w.lowercased()
    }
    switch name {
    case "kind", "model":
      let w = try word()
      let aliases = ["leaky": "leaky-rnn", "leaky_rnn": "leaky-rnn", "leakyrnn": "leaky-rnn"]
      guard let kind = RecurrentCellKind(rawValue: aliases[w] ?? w) else {
        throw .value("\(name)= must be rnn, leaky-rnn, lstm or gru (got '\(w)')")
      }
      s.kind = kind
    case "radius": s.spectralRadius = try number()
    case "T": s.steps = try integer(1...GradientFlowSettings.maximumSteps)
    case "hidden": s.hiddenSize = try integer(1...GradientFlowSettings.maximumHiddenSize)
    case "inputs": s.inputSize = try integer(1...1024)
    case "activation":
      let w = try word()
      guard let phi = Nonlinearity(rawValue: w) else {
        throw .value("activation= must be tanh, relu or sigmoid (got '\(w)')")
      }
      s.activation = phi
    case "alpha": s.leak = try number()
    case "seed":
      let n = try integer(0...Int(Int32.max))
      s.seed = UInt64(n)
    case "clip":
      if value == .nothing {
        s.clipThreshold = nil
      } else {
        s.clipThreshold = try number()
      }
    case "loss":
      let w = try word()
      guard let placement = LossPlacement(rawValue: w) else {
        throw .value("loss= must be 'last' or 'every' (got '\(w)')")
      }
      s.loss = placement
    case "scale": s.inputScale = try number()
    default:
      var message = "unknown setting '\(name)'"
      if let suggestion = closestName(to: name, among: allowedNames) {
        message += ". Did you mean '\(suggestion)'?"
      }
      throw .type(message + " (settings: " + names.map(\.name).joined(separator: ", ") + ")")
    }
  }

  /// Settings from a built-in's keyword arguments, checked.
  static func settings(from args: Arguments, function: String) throws(ReplError)
    -> GradientFlowSettings
  {
    try args.check(function, positional: 0, 0, keywords: allowedNames)
    var s = GradientFlowSettings()
    for (name, value) in args.keywords {
      try apply(name, try GradNormSettingValue(value, name: name), to: &s)
    }
    do {
      try s.validate()
    } catch {
      throw .value("\(function)(): \(error.message)")
    }
    return s
  }

  /// The network for the settings, with errors as ValueErrors.
  static func network(_ s: GradientFlowSettings, function: String) throws(ReplError)
    -> SyntheticRecurrentNetwork
  {
    do {
      return try SyntheticRecurrentNetwork(s)
    } catch {
      throw .value("\(function)(): \(error.message)")
    }
  }
}
