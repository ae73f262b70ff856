import Foundation
import GradLanguage
import GradModels
import Testing

@testable import GradBindings

/// The gradient-norm panel's model: keys, settings, figure and export, without a terminal.
@Suite struct GradNormExplorerTests {
  static func settings(radius: Double = 1.0, steps: Int = 20) -> GradientFlowSettings {
    var s = GradientFlowSettings()
    s.spectralRadius = radius
    s.steps = steps
    s.hiddenSize = 16
    return s
  }

  static func norms(_ s: GradientFlowSettings) throws -> [Double] {
    try SyntheticRecurrentNetwork(s).gradientFlow().hiddenNorms
  }

  @Test func figureForKnownSettings() throws {
    let explorer = GradNormExplorer(settings: Self.settings())
    let figure = explorer.figure()
    let panel = try #require(figure.panels.first)
    #expect(panel.yScale == .log10)
    #expect(
      panel.series.map(\.name) == [
        "ρ=0.50", "ρ=0.90", "ρ=1.00 *", "ρ=1.50", "bound (γ_h·γ_w)^(T−k)",
      ])
    for (i, radius) in [0.5, 0.9, 1.0, 1.5].enumerated() {
      #expect(panel.series[i].yValues == (try Self.norms(Self.settings(radius: radius))))
      #expect(panel.series[i].xValues == (0...20).map(Double.init))
    }
    // The bound: (γ_h·γ_w)^(T−k)·‖∂L/∂h_T‖ of the primary curve, drawn as dots.
    let net = try SyntheticRecurrentNetwork(Self.settings())
    let gammas = net.weights.gammas()
    let primary = panel.series[2].yValues
    let bound = panel.series[4]
    #expect(bound.mark == .points)
    for k in 0...20 {
      let expected = pow(gammas.weightNorm, Double(20 - k)) * primary[20]
      #expect(Swift.abs(bound.yValues[k] - expected) <= 1e-9 * expected)
      #expect(primary[k] <= bound.yValues[k] * (1 + 1e-9))
    }
    #expect(
      figure.statusLine?.hasPrefix(
        "ρ=1.00 T=20 H=16 model=rnn act=tanh α=0.50 clip=off seed=0 inputs=1.00 view=radii | ↑↓ρ")
        == true)
  }

  @Test func arrowsChangeRadiusAndSteps() throws {
    let explorer = GradNormExplorer(settings: Self.settings())
    let before = try #require(explorer.figure().panels.first?.series[2].yValues)
    #expect(explorer.handle(.up) == true)
    #expect(explorer.settings.spectralRadius == 1.05)
    #expect(explorer.keyLine.hasPrefix("ρ=1.05 T=20"))
    let panel = try #require(explorer.figure().panels.first)
    #expect(panel.series[2].name == "ρ=1.05 *")
    #expect(panel.series[2].yValues != before)
    #expect(panel.series[2].yValues == (try Self.norms(Self.settings(radius: 1.05))))
    // Other curves keep their radius.
    #expect(panel.series[1].name == "ρ=0.90")
    _ = explorer.handle(.down)
    _ = explorer.handle(.down)
    #expect(explorer.settings.spectralRadius == 0.95)
    _ = explorer.handle(.right)
    #expect(explorer.settings.steps == 25)
    #expect(explorer.figure().panels.first?.series[0].yValues.count == 26)
    for _ in 0..<10 { _ = explorer.handle(.left) }
    #expect(explorer.settings.steps == 5)
    for _ in 0..<200 { _ = explorer.handle(.down) }
    #expect(explorer.settings.spectralRadius == 0.05)
  }

  /// `i` switches the inputs off (the lecture's linear regime: ρ = 1.5 grows as 1.5^(T−k))
  /// and back on (tanh saturates).
  @Test func inputsKeyShowsTheTwoRegimes() throws {
    let explorer = GradNormExplorer(settings: Self.settings(radius: 1.5))
    #expect(explorer.handle(.character("i")) == true)
    #expect(explorer.settings.inputScale == 0)
    #expect(explorer.keyLine.contains("inputs=off"))
    var off = Self.settings(radius: 1.5)
    off.inputScale = 0
    let growing = try Self.norms(off)
    #expect(growing[0] > 1e3 * growing[20])
    #expect(explorer.figure().panels.first?.series[3].yValues == growing)
    #expect(explorer.handle(.character("i")) == true)
    #expect(explorer.settings.inputScale == 1)
    #expect(explorer.keyLine.contains("inputs=1.00"))
  }

  @Test func lettersCycleTheSettings() throws {
    let explorer = GradNormExplorer(settings: Self.settings())
    _ = explorer.handle(.character("a"))
    #expect(explorer.settings.activation == .relu)
    _ = explorer.handle(.character("a"))
    #expect(explorer.settings.activation == .sigmoid)
    #expect(explorer.keyLine.contains("act=sigmoid"))
    _ = explorer.handle(.character("m"))
    #expect(explorer.settings.kind == .leakyRNN)
    _ = explorer.handle(.character("]"))
    #expect(explorer.settings.leak == 0.55)
    _ = explorer.handle(.character("["))
    _ = explorer.handle(.character("["))
    #expect(explorer.settings.leak == 0.45)
    #expect(explorer.keyLine.contains("model=leaky-rnn act=sigmoid α=0.45"))
    _ = explorer.handle(.character("c"))
    #expect(explorer.settings.clipThreshold == 1)
    _ = explorer.handle(.character("c"))
    #expect(explorer.settings.clipThreshold == 5)
    #expect(explorer.keyLine.contains("clip=5.00"))
    _ = explorer.handle(.character("c"))
    #expect(explorer.settings.clipThreshold == nil)
    let before = try #require(explorer.figure().panels.first?.series[0].yValues)
    _ = explorer.handle(.character("s"))
    #expect(explorer.settings.seed == 1)
    #expect(explorer.figure().panels.first?.series[0].yValues != before)
    _ = explorer.handle(.character("m"))
    _ = explorer.handle(.character("m"))
    #expect(explorer.settings.kind == .gru)
    // No bound is drawn for the GRU.
    #expect(explorer.figure().panels.first?.series.count == 4)
    #expect(explorer.handle(.character("x")) == false)
    // q belongs to the panel (it closes it); the plot does not claim it.
    #expect(explorer.handle(.character("q")) == false)
    #expect(explorer.handle(.pageUp) == false)
  }

  @Test func modelsViewComparesTheFourCellsAtOneRadius() throws {
    let explorer = GradNormExplorer(settings: Self.settings(radius: 1.2))
    _ = explorer.handle(.character("v"))
    #expect(explorer.view == .models)
    let panel = try #require(explorer.figure().panels.first)
    #expect(
      panel.series.map(\.name) == [
        "RNN *", "leaky RNN", "LSTM", "GRU", "bound (γ_h·γ_w)^(T−k)",
      ])
    var lstm = Self.settings(radius: 1.2)
    lstm.kind = .lstm
    #expect(panel.series[2].yValues == (try Self.norms(lstm)))
    #expect(panel.title.contains("ρ=1.20"))
    _ = explorer.handle(.character("m"))
    #expect(explorer.figure().panels.first?.series[1].name == "leaky RNN *")
  }

  @Test func tabMovesTheHighlightBetweenCurves() {
    let explorer = GradNormExplorer(settings: Self.settings())
    #expect(explorer.primaryIndex == 2)
    _ = explorer.handle(.character("\t"))
    #expect(explorer.primaryIndex == 3)
    #expect(explorer.settings.spectralRadius == 1.5)
    _ = explorer.handle(.up)
    #expect(explorer.radii == [0.5, 0.9, 1.0, 1.55])
  }

  @Test func exportWritesCSVAndSVGAndSaysWhere() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradnorm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let explorer = GradNormExplorer(settings: Self.settings(), exportDirectory: directory.path)
    #expect(explorer.handle(.character("e")) == true)
    let csvPath = directory.appendingPathComponent("gradnorm.csv").path
    let svgPath = directory.appendingPathComponent("gradnorm.svg").path
    #expect(explorer.keyLine.hasSuffix("saved \(csvPath), \(svgPath)"))
    let csv = try String(contentsOfFile: csvPath, encoding: .utf8)
    #expect(csv.hasPrefix("k,ρ=0.50,ρ=0.90,ρ=1.00 *,ρ=1.50,bound (γ_h·γ_w)^(T−k)\n0,"))
    #expect(csv.split(separator: "\n").count == 22)
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    #expect(svg.contains("<svg"))
    // The next key clears the message.
    _ = explorer.handle(.up)
    #expect(!explorer.keyLine.contains("saved"))
    let missing = GradNormExplorer(
      settings: Self.settings(), exportDirectory: directory.path + "/no/such/folder")
    _ = missing.handle(.character("e"))
    #expect(missing.keyLine.contains("could not write"))
  }
}
