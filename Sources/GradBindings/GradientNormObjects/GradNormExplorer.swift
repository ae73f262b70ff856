// The model behind `:plot gradnorm`: settings, the keys that change them, and the figure.
//
// Two views of log₁₀‖∂L/∂h_k‖ against k:
//   radii   one cell, W_hh = A·ρ/ρ(A) for several ρ of the same random A
//   models  RNN, leaky RNN, LSTM and GRU at the same weights and the primary ρ
// plus, for the RNNs, the bound (α + (1 − α)·γ_h·γ_w)^(T−k)·‖∂L/∂h_T‖ as a dotted series.

import Foundation
import GradLanguage
import GradModels
import GradPlot

/// The state of the gradient-norm panel; pure, so it is tested without a terminal.
public final class GradNormExplorer: InteractivePlot {
  /// Which curves are drawn.
  public enum View: String, Sendable, Equatable {
    case radii
    case models
  }

  /// The settings of the highlighted (primary) curve.
  public private(set) var settings: GradientFlowSettings
  /// Spectral radii of the curves in the radii view; `selected` is the primary one.
  public private(set) var radii: [Double]
  public private(set) var selected: Int
  /// The input scale that `i` restores after switching inputs off.
  private var inputScaleWhenOn: Double = 1
  public private(set) var view: View = .radii
  /// Where `e` writes gradnorm.csv and gradnorm.svg.
  public let exportDirectory: String
  /// The last export or error, shown in the key line.
  public private(set) var message: String?

  static let clipCycle: [Double?] = [nil, 1, 5]
  static let modelCycle: [RecurrentCellKind] = [.rnn, .leakyRNN, .lstm, .gru]

  /// - Parameters:
  ///   - settings: the primary curve's settings (its radius is the primary radius).
  ///   - radii: the radii view's curves; the primary radius is added when missing.
  ///   - exportDirectory: where `e` saves, "." by default.
  public init(
    settings: GradientFlowSettings, radii: [Double] = [0.5, 0.9, 1.0, 1.5],
    view: View = .radii, exportDirectory: String = "."
  ) {
    var list = radii.isEmpty ? [settings.spectralRadius] : radii
    if !list.contains(settings.spectralRadius) {
      list.append(settings.spectralRadius)
      list.sort()
    }
    self.settings = settings
    self.radii = list
    self.selected = list.firstIndex(of: settings.spectralRadius) ?? 0
    self.view = view
    self.exportDirectory = exportDirectory
  }

  // MARK: - Keys

  /// Applies one key: ↑/↓ ρ ± 0.05, ←/→ T ∓ 5, a activation, m model, [ ] α ∓ 0.05,
  /// c clipping off/1/5, s seed, i inputs on/off, v view, tab next curve, e export (q is the
  /// panel's).
  /// - Returns: whether the figure or the key line changed.
  public func handle(_ key: PlotKey) -> Bool {
    message = nil
    switch key {
    case .up: setRadius(settings.spectralRadius + 0.05)
    case .down: setRadius(settings.spectralRadius - 0.05)
    case .left: settings.steps = max(5, settings.steps - 5)
    case .right: settings.steps = min(GradientFlowSettings.maximumSteps, settings.steps + 5)
    case .pageUp, .pageDown: return false
    case .character(let c):
      switch c {
      case "a":
        let all = Nonlinearity.allCases
        let i = all.firstIndex(of: settings.activation) ?? 0
        settings.activation = all[(i + 1) % all.count]
      case "m":
        let i = Self.modelCycle.firstIndex(of: settings.kind) ?? 0
        settings.kind = Self.modelCycle[(i + 1) % Self.modelCycle.count]
      case "[": settings.leak = rounded(max(0, settings.leak - 0.05))
      case "]": settings.leak = rounded(min(1, settings.leak + 0.05))
      case "c":
        let i = Self.clipCycle.firstIndex(of: settings.clipThreshold) ?? 0
        settings.clipThreshold = Self.clipCycle[(i + 1) % Self.clipCycle.count]
      case "s": settings.seed = settings.seed &+ 1
      case "i":
        // Inputs off: h stays near 0, tanh′ ≈ 1, and the norms follow ρ^(T−k) alone;
        // inputs on: tanh saturates and even ρ > 1 can vanish.
        if settings.inputScale == 0 {
          settings.inputScale = inputScaleWhenOn
        } else {
          inputScaleWhenOn = settings.inputScale
          settings.inputScale = 0
        }
      case "v": view = view == .radii ? .models : .radii
      case "\t", "n":
        selected = (selected + 1) % radii.count
        settings.spectralRadius = radii[selected]
      case "e": export()
      default: return false
      }
    }
    return true
  }

  private func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }

  private func setRadius(_ r: Double) {
    let value = rounded(min(max(r, 0.05), 5))
    settings.spectralRadius = value
    radii[selected] = value
  }

  // MARK: - Curves

  /// One curve: its name, its norms for k = 0 … T, and the bound when the cell has one.
  public struct Curve: Equatable, Sendable {
    public let name: String
    public let norms: [Double]
    public let bound: [Double]?
    public let clippedSteps: [Int]
  }

  /// The curves of the current view, the primary first in the radii view's order.
  public func curves() throws(DiagnosticError) -> [Curve] {
    var list: [Curve] = []
    switch view {
    case .radii:
      for radius in radii {
        var s = settings
        s.spectralRadius = radius
        list.append(try curve(s, name: "ρ=" + format(radius)))
      }
    case .models:
      for kind in Self.modelCycle {
        var s = settings
        s.kind = kind
        list.append(try curve(s, name: kind.displayName))
      }
    }
    return list
  }

  /// ρ(A) and ‖A‖₂ per (seed, hidden size): the expensive part of a curve, the same for every
  /// radius, T, cell and clipping threshold.
  private var spectraCache: [String: SyntheticRecurrentNetwork.BaseSpectra] = [:]

  private func curve(_ s: GradientFlowSettings, name: String) throws(DiagnosticError) -> Curve {
    let key = "\(s.seed)/\(s.hiddenSize)"
    let base: SyntheticRecurrentNetwork.BaseSpectra
    if let cached = spectraCache[key] {
      base = cached
    } else {
      base = try SyntheticRecurrentNetwork.baseSpectra(seed: s.seed, hiddenSize: s.hiddenSize)
      spectraCache[key] = base
    }
    let net = try SyntheticRecurrentNetwork(s, base: base)
    let flow = try net.gradientFlow()
    return Curve(
      name: name, norms: flow.hiddenNorms, bound: net.bound(for: flow),
      clippedSteps: flow.clippedSteps)
  }

  /// Index of the primary curve within `curves()`.
  public var primaryIndex: Int {
    switch view {
    case .radii: return selected
    case .models: return Self.modelCycle.firstIndex(of: settings.kind) ?? 0
    }
  }

  /// The figure: every curve on a log axis, the primary's bound as dots, a line at 1.
  public func figure() -> Figure {
    let list: [Curve]
    do {
      list = try curves()
    } catch {
      return Figure(
        title: "gradient norm ‖∂L/∂h_k‖",
        panels: [PlotPanel(title: error.message, series: [], xTitle: "k")],
        statusLine: keyLine)
    }
    var series: [PlotSeries] = []
    for (i, c) in list.enumerated() {
      let name = i == primaryIndex ? c.name + " *" : c.name
      series.append(PlotSeries(name: name, yValues: c.norms.map(plottable), colorIndex: i))
    }
    let primary = primaryIndex < list.count ? list[primaryIndex] : nil
    if let bound = primary?.bound {
      series.append(
        PlotSeries(
          name: "bound (γ_h·γ_w)^(T−k)", yValues: bound.map(plottable), mark: .points,
          colorIndex: 5))
    }
    var references = [ReferenceLine(yValue: 1, label: "1", colorIndex: 5)]
    if let c = settings.clipThreshold, c != 1 {
      references.append(ReferenceLine(yValue: c, label: "clip \(format(c))", colorIndex: 3))
    }
    let title =
      view == .radii
      ? "‖∂L/∂h_k‖, \(settings.kind.displayName), one W_hh at several ρ"
      : "‖∂L/∂h_k‖, RNN vs leaky RNN vs LSTM vs GRU at ρ=\(format(settings.spectralRadius))"
    let panel = PlotPanel(
      title: title, series: series, xTitle: "k", yTitle: "‖∂L/∂h_k‖ (log₁₀)", yScale: .log10,
      referenceLines: references)
    return Figure(title: "gradient norm by time step", panels: [panel], statusLine: keyLine)
  }

  /// Values a log axis can show: non-finite norms (overflow) become nan and are skipped.
  private func plottable(_ x: Double) -> Double { x.isFinite ? x : .nan }

  /// Every current setting, then the keys (and the last export).
  public var keyLine: String {
    let s = settings
    var parts = [
      "ρ=\(format(s.spectralRadius))", "T=\(s.steps)", "H=\(s.hiddenSize)",
      "model=\(s.kind.rawValue)", "act=\(s.activation.rawValue)", "α=\(format(s.leak))",
      "clip=\(s.clipThreshold.map(format) ?? "off")", "seed=\(s.seed)",
      "inputs=\(s.inputScale == 0 ? "off" : format(s.inputScale))", "view=\(view.rawValue)",
    ]
    if s.loss == .everyStep { parts.append("loss=every") }
    var line =
      parts.joined(separator: " ")
      + " | ↑↓ρ ←→T a act m model [] α c clip s seed i inputs v view tab curve e export q quit"
    if let message { line += " | " + message }
    return line
  }

  private func format(_ x: Double) -> String { String(format: "%.2f", x) }

  // MARK: - Export

  /// Writes the current figure to gradnorm.csv and gradnorm.svg in `exportDirectory`.
  public func export() {
    let base = exportDirectory.hasSuffix("/") ? exportDirectory : exportDirectory + "/"
    let csv = base + "gradnorm.csv"
    let svg = base + "gradnorm.svg"
    do {
      try Self.export(figure(), csv: csv, svg: svg)
      message = "saved \(csv), \(svg)"
    } catch {
      message = error.description
    }
  }

  /// Writes a figure (without its key line) as CSV and/or SVG, each atomically.
  static func export(_ figure: Figure, csv: String?, svg: String?) throws(PlotExportError) {
    var plain = figure
    plain.statusLine = nil
    if let csv { try PlotExport.writeCSV(plain, toPath: csv) }
    if let svg { try PlotExport.writeSVG(plain, toPath: svg) }
  }
}
