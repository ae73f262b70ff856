// `:plot gradnorm [radius=1.0] [T=50] [model=rnn] ... [--csv FILE] [--svg FILE] [export=NAME]`

import Foundation
import GradLanguage
import GradModels
import GradPlot

/// What `:plot gradnorm ...` asked for.
struct GradNormRequest: Equatable {
  var settings = GradientFlowSettings()
  var radii: [Double] = [0.5, 0.9, 1.0, 1.5]
  var view = GradNormExplorer.View.radii
  var csvPath: String?
  var svgPath: String?

  var wantsExport: Bool { csvPath != nil || svgPath != nil }

  /// Parses the words after `gradnorm`.
  static func parse(_ words: [String]) throws(ReplError) -> GradNormRequest {
    var request = GradNormRequest()
    var explicitRadius: Double?
    var i = 0
    while i < words.count {
      let word = words[i]
      i += 1
      if word == "--csv" || word == "--svg" {
        guard i < words.count else { throw .value("\(word) needs a file name after it") }
        if word == "--csv" { request.csvPath = words[i] } else { request.svgPath = words[i] }
        i += 1
        continue
      }
      guard let eq = word.firstIndex(of: "="), eq != word.startIndex else {
        throw .value(
          "'\(word)' is not a setting: write name=value (e.g. radius=1.2 T=80), or --csv FILE")
      }
      let name = String(word[..<eq])
      let text = String(word[word.index(after: eq)...])
      switch name {
      case "export":
        guard !text.isEmpty else { throw .value("export= needs a file name without extension") }
        request.csvPath = text + ".csv"
        request.svgPath = text + ".svg"
      case "csv": request.csvPath = text
      case "svg": request.svgPath = text
      case "view":
        guard let v = GradNormExplorer.View(rawValue: text) else {
          throw .value("view= must be radii or models (got '\(text)')")
        }
        request.view = v
      case "radii":
        let values = text.split(separator: ",").map { Double($0) }
        guard !values.isEmpty, values.count <= 8,
          values.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 && $0 <= 100 } ?? false })
        else {
          throw .value("radii= expects up to 8 numbers in 0…100 separated by commas")
        }
        request.radii = values.compactMap { $0 }
      default:
        try GradNormSettings.apply(
          name, GradNormSettingValue(text: text), to: &request.settings)
        if name == "radius" { explicitRadius = request.settings.spectralRadius }
      }
    }
    do {
      try request.settings.validate()
    } catch {
      throw .value(error.message)
    }
    // Without radius= the primary curve is the radii view's ρ = 1.0 (or its first).
    if explicitRadius == nil {
      request.settings.spectralRadius =
        request.radii.contains(1.0) ? 1.0 : (request.radii.first ?? 1.0)
    }
    return request
  }
}

enum GradNormCommand {
  static let command = ReplCommand(
    name: "plot", arguments: "gradnorm [radius=1.0] [T=50] [model=rnn] ... [--csv F] [--svg F]",
    summary: "watch ‖∂L/∂h_k‖ vanish or explode as you turn ρ(W_hh)",
    help: """
      :plot gradnorm opens a panel with log₁₀‖∂L/∂h_k‖ against k for a random recurrent
      network: one W_hh at spectral radii 0.5, 0.9, 1.0 and 1.5, with the bound
      (γ_h·γ_w)^(T−k)·‖∂L/∂h_T‖ of the highlighted curve as dots.
      Settings (name=value): model=rnn|leaky-rnn|lstm|gru radius T hidden activation=tanh|relu|
      sigmoid alpha seed clip=None|c loss=last|every scale inputs radii=0.5,0.9 view=radii|models.
      Keys: ↑/↓ radius ±0.05 of the highlighted curve, ←/→ T ∓5, tab next curve, a activation,
      m model, [ ] α ∓0.05, c clipping off/1/5, s new seed, v RNN vs leaky vs LSTM vs GRU,
      e save ./gradnorm.csv and ./gradnorm.svg, q back to the prompt.
      Without a terminal it prints the plot as text. --csv FILE, --svg FILE or export=NAME
      (NAME.csv and NAME.svg) write the figure without opening the panel.
      """,
    handler: run)

  @Sendable static func run(_ c: CommandContext) -> InputStatus {
    let words = c.argument.split(whereSeparator: \.isWhitespace).map(String.init)
    guard let first = words.first, first == "gradnorm" else {
      return c.fail(":plot knows one figure so far: :plot gradnorm [radius=1.0] [T=50] ...")
    }
    let request: GradNormRequest
    do {
      request = try GradNormRequest.parse(Array(words.dropFirst()))
    } catch {
      return c.fail(":plot gradnorm: \(error.message) (see :help plot)")
    }
    let explorer = GradNormExplorer(
      settings: request.settings, radii: request.radii, view: request.view)
    if request.wantsExport {
      do {
        try GradNormExplorer.export(
          explorer.figure(), csv: request.csvPath, svg: request.svgPath)
      } catch {
        return c.fail(error.description)
      }
      let written = [request.csvPath, request.svgPath].compactMap { $0 }
      c.write("wrote " + written.joined(separator: " and ") + "\n")
      return .complete
    }
    // The front end's panel when there is a terminal; the text plot otherwise.
    if let presenter = PlotDisplay.presenter, presenter.present(explorer) == nil {
      return .complete
    }
    c.write(textPlot(explorer))
    return .complete
  }

  /// The figure as text, 80 columns, and the settings (keys need a terminal).
  static func textPlot(_ explorer: GradNormExplorer, columns: Int = 80, rows: Int = 22)
    -> String
  {
    var figure = explorer.figure()
    let settings = figure.statusLine?.components(separatedBy: " | ").first ?? ""
    figure.statusLine = nil
    var text = PlotText.render(figure, columns: columns, rows: rows)
    if !text.hasSuffix("\n") { text += "\n" }
    return text + settings + "  (the keys work in a terminal)\n"
  }
}
