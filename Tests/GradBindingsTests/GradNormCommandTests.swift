import Foundation
import GradLanguage
import GradModels
import Testing

@testable import GradBindings

/// `:plot gradnorm`: text fallback, export without the panel, mistakes.
@Suite struct GradNormCommandTests {
  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradnorm-cmd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func withoutATerminalItPrintsTheTextPlot() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    #expect(session.runCommand(":plot gradnorm T=30 hidden=16") == .complete)
    let text = terminal.take()
    #expect(text.contains("‖∂L/∂h_k‖, RNN, one W_hh at several ρ"))
    #expect(text.contains("ρ=1.00 *"))
    #expect(text.contains("bound (γ_h·γ_w)^(T−k)"))
    #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
    #expect(
      text.hasSuffix(
        "ρ=1.00 T=30 H=16 model=rnn act=tanh α=0.50 clip=off seed=0 inputs=1.00 view=radii"
          + "  (the keys work in a terminal)\n"))
  }

  @Test func settingsComeFromTheWords() throws {
    let request = try GradNormRequest.parse(
      ["radius=1.2", "T=80", "model=lstm", "clip=5", "seed=3", "view=models", "alpha=0.3"])
    #expect(request.settings.spectralRadius == 1.2)
    #expect(request.settings.steps == 80)
    #expect(request.settings.kind == .lstm)
    #expect(request.settings.clipThreshold == 5)
    #expect(request.settings.seed == 3)
    #expect(request.settings.leak == 0.3)
    #expect(request.view == .models)
    #expect(!request.wantsExport)
    let defaults = try GradNormRequest.parse([])
    #expect(defaults.settings.spectralRadius == 1.0)
    #expect(defaults.radii == [0.5, 0.9, 1.0, 1.5])
    let exports = try GradNormRequest.parse(["--csv", "a.csv", "export=slide"])
    #expect(exports.csvPath == "slide.csv")
    #expect(exports.svgPath == "slide.svg")
  }

  @Test func exportWritesFilesWithoutThePanel() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    let csv = directory.appendingPathComponent("g.csv").path
    let svg = directory.appendingPathComponent("g.svg").path
    #expect(
      session.runCommand(":plot gradnorm T=12 hidden=8 --csv \(csv) --svg \(svg)") == .complete)
    #expect(terminal.take() == "wrote \(csv) and \(svg)\n")
    let text = try String(contentsOfFile: csv, encoding: .utf8)
    var s = GradientFlowSettings()
    s.steps = 12
    s.hiddenSize = 8
    s.spectralRadius = 0.5
    let first = try SyntheticRecurrentNetwork(s).gradientFlow().hiddenNorms[0]
    #expect(text.split(separator: "\n")[1].hasPrefix("0,\(first),"))
    #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("</svg>"))
    let prefix = directory.appendingPathComponent("slide").path
    #expect(session.runCommand(":plot gradnorm export=\(prefix)") == .complete)
    #expect(FileManager.default.fileExists(atPath: prefix + ".csv"))
    #expect(FileManager.default.fileExists(atPath: prefix + ".svg"))
  }

  @Test func mistakesAreExplained() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    #expect(session.runCommand(":plot loss") == .failed)
    #expect(terminal.take().contains(":plot knows one figure so far: :plot gradnorm"))
    #expect(session.runCommand(":plot gradnorm radius=abc") == .failed)
    #expect(terminal.take().contains("radius= expects a number (see :help plot)"))
    #expect(session.runCommand(":plot gradnorm raduis=1") == .failed)
    #expect(terminal.take().contains("Did you mean 'radius'?"))
    #expect(session.runCommand(":plot gradnorm 1.5") == .failed)
    #expect(terminal.take().contains("write name=value"))
    #expect(session.runCommand(":plot gradnorm --csv") == .failed)
    #expect(terminal.take().contains("--csv needs a file name"))
    #expect(session.runCommand(":plot gradnorm T=99999") == .failed)
    #expect(session.runCommand(":plot gradnorm radii=1,x") == .failed)
    #expect(session.runCommand(":plot gradnorm --csv /no/such/dir/a.csv") == .failed)
    #expect(terminal.take().contains("could not write /no/such/dir/a.csv"))
  }
}
